-- Officers carry a rank, printed with the name on the orders; unknown before.
ALTER TABLE officers ADD COLUMN rank TEXT;
