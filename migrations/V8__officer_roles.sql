-- Officers carry a role (Art. 15): a patrol officer records cases, statements and draft risk
-- assessments; only the competent police officer for domestic violence completes the finding
-- and issues orders. Officers enrolled before roles existed keep what they could do (competent)
-- until the station or the central record's roster says otherwise.
ALTER TABLE officers ADD COLUMN role TEXT NOT NULL DEFAULT 'competent'
    CHECK (role IN ('patrol', 'competent'));
-- The role the central record's roster gives (NULL: the roster has not said).
ALTER TABLE roster ADD COLUMN role TEXT CHECK (role IS NULL OR role IN ('patrol', 'competent'));
