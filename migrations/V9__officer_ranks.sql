-- The issuing officer's rank is printed on the order with his name. Ranks are titles
-- as the service gives them ("policijski narednik"): free text, empty until said.
ALTER TABLE officers ADD COLUMN rank TEXT NOT NULL DEFAULT '';
-- The rank the central record's roster gives (NULL: the roster has not said).
ALTER TABLE roster ADD COLUMN rank TEXT;
