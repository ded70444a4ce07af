-- Officers carry a role (Art. 15); officers added before roles existed are unknown.
ALTER TABLE officers ADD COLUMN role TEXT CHECK (role IS NULL OR role IN ('patrol', 'competent'));
