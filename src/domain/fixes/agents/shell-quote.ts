/** Single-quotes a value for bash. */
export const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The task file's content as one argument, for CLIs that take the prompt on the command line. */
export const taskArg = (taskFile: string): string => `"$(cat ${shq(taskFile)})"`;
