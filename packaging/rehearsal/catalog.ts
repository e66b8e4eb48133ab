// The rehearsal's sample catalog: the one `npm run demo` loads (demo/demo.ts), every table model, RANGE / LIST /
// expression partitions, a rollup, a synchronous MV, a view and an asynchronous MV, with a few loads.

export const SAMPLE_DATABASE = 'shop';

export const SAMPLE_CATALOG: readonly string[] = [
  'CREATE DATABASE shop',
  `CREATE TABLE shop.orders (id BIGINT NOT NULL, dt DATE NOT NULL, customer VARCHAR(40), amount DECIMAL(12, 2))
     DUPLICATE KEY(id) PARTITION BY RANGE(dt) (
       PARTITION p202401 VALUES LESS THAN ("2024-02-01"), PARTITION p202402 VALUES LESS THAN ("2024-03-01"))
     DISTRIBUTED BY HASH(id) BUCKETS 4`,
  `CREATE TABLE shop.customers (id INT NOT NULL, name VARCHAR(40), city VARCHAR(20))
     PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES ("persistent_index_type" = "LOCAL")`,
  `CREATE TABLE shop.daily_sales (dt DATE NOT NULL, city VARCHAR(20) NOT NULL, total DECIMAL(18, 2) SUM)
     AGGREGATE KEY(dt, city) PARTITION BY date_trunc('day', dt) DISTRIBUTED BY HASH(city) BUCKETS 2`,
  `CREATE TABLE shop.stock (sku VARCHAR(20) NOT NULL, region VARCHAR(10) NOT NULL, qty INT)
     UNIQUE KEY(sku, region) PARTITION BY LIST(region) (PARTITION p_eu VALUES IN ("eu"), PARTITION p_us VALUES IN ("us"))
     DISTRIBUTED BY HASH(sku) BUCKETS 2`,
  'CREATE VIEW shop.big_orders AS SELECT id, amount FROM shop.orders WHERE amount > 100',
  `CREATE MATERIALIZED VIEW shop.sales_by_city REFRESH ASYNC DISTRIBUTED BY HASH(city) BUCKETS 2
     AS SELECT city, sum(total) AS total FROM shop.daily_sales GROUP BY city`,
  'ALTER TABLE shop.orders ADD ROLLUP r_by_customer (customer, amount)',
  'CREATE MATERIALIZED VIEW shop.city_totals AS SELECT city, SUM(total) FROM shop.daily_sales GROUP BY city',
];

/** One round of loads into the four tables (round 0, 1, 2, ... write different keys). */
export function sampleLoads(round: number): string[] {
  const base = round * 100;
  const orders = Array.from(
    { length: 50 },
    (_, i) => `(${base + i}, "2024-0${1 + (i % 2)}-${String(1 + (i % 27)).padStart(2, '0')}", "c${i % 7}", ${(i * 13.7).toFixed(2)})`,
  );
  const cities = ['Paris', 'Lyon', 'Oslo'];
  return [
    `INSERT INTO shop.orders VALUES ${orders.join(', ')}`,
    `INSERT INTO shop.customers VALUES ${Array.from({ length: 7 }, (_, i) => `(${i}, "customer ${i}", "${cities[i % 3]}")`).join(', ')}`,
    `INSERT INTO shop.daily_sales VALUES ("2024-01-0${1 + (round % 3)}", "Paris", 10.5), ("2024-01-0${1 + (round % 3)}", "Oslo", 7.25)`,
    `INSERT INTO shop.stock VALUES ("sku${round}", "eu", ${round}), ("sku${round}", "us", ${round * 2})`,
  ];
}
