-- STAND-IN on the console-chain branch only: V9 is the console-auth branch's (operators and
-- sessions). This file lets this branch's V10 load (versions run without a gap); at merge the
-- lead takes console-auth's V9__console_operators.sql in its place (same path: git stops on it).
SELECT 1;
