-- Orders per minute: a generated source, a windowed aggregate, two sinks in one job.
SET 'pipeline.name' = 'orders-per-minute';
SET 'table.exec.source.idle-timeout' = '30 s';

CREATE TABLE orders (
  order_id BIGINT,
  `price` DECIMAL(10, 2),
  buyer STRING,
  order_time AS PROCTIME()
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '10',
  'fields.buyer.length' = '8'
);

CREATE TABLE per_minute (
  window_start TIMESTAMP(3),
  orders BIGINT,
  revenue DECIMAL(38, 2)
) WITH ('connector' = 'print');

CREATE TABLE big_orders WITH ('connector' = 'blackhole') LIKE orders (EXCLUDING ALL);

/* Both INSERTs run as one job; a ';' inside a string is not a statement end: 'a;b'. */
EXECUTE STATEMENT SET
BEGIN
  INSERT INTO per_minute
  SELECT window_start, COUNT(*), SUM(price)
  FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(order_time), INTERVAL '1' MINUTE))
  GROUP BY window_start, window_end;
  INSERT INTO big_orders SELECT order_id, price, buyer FROM orders WHERE price > 100;
END;
