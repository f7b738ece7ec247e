/**
 * Imported (for its side effect) by functions that call Step Functions on every invocation — the intake API starts
 * a workflow, the case-work API answers a waiting task: the SDK package is then loaded at init, with the rest of the
 * function, instead of on the first call (sfn-case-workflow.ts, sfn-task-callbacks.ts import it on demand).
 */
import '@aws-sdk/client-sfn';
