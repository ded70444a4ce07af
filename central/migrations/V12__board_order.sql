-- The board's order read from an index: for each jurisdiction's column, the orders with
-- something due first (soonest first), then those with nothing due (newest first), then by id —
-- the order `Store::board` sorts by, with `open_until` beside it for the open board's filter. A
-- page is then a walk of the index's first entries instead of every order of the jurisdiction
-- read and sorted (on SQLite, each of their pages read from the file and its MAC checked again
-- after every write by another connection). They replace V10's indexes of the same columns.
DROP INDEX console_orders_administration;
DROP INDEX console_orders_prosecutor;
DROP INDEX console_orders_court;
CREATE INDEX console_board_administration ON console_orders
    (police_administration, (next_due IS NULL), next_due, issued_at DESC, order_id, open_until);
CREATE INDEX console_board_prosecutor ON console_orders
    (prosecutor_office, (next_due IS NULL), next_due, issued_at DESC, order_id, open_until);
CREATE INDEX console_board_court ON console_orders
    (basic_court, proposed, (next_due IS NULL), next_due, issued_at DESC, order_id, open_until);
