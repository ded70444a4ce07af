-- A case's timeline reads the audit entries about it: those whose target is the case, and those
-- about its statements, which name the case in `detail`. Without these indexes every opening of a
-- case would scan the whole (ever-growing) log.
CREATE INDEX audit_target ON audit (target);
CREATE INDEX audit_detail ON audit (detail);
