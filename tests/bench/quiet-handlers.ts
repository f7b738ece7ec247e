/**
 * The handlers the bench runs in its own process log as the tests' do: warnings and errors only (vitest.config.ts,
 * quietHandlers). A JSON line per request would bury the table, and Powertools reads the level once, when the
 * Logger is built — so this module is run.ts's first import. An explicit POWERTOOLS_LOG_LEVEL wins.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
