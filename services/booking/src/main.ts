// The booking service is built by a later issue; this entry point only says so.
console.error('The booking service is not implemented yet.');
process.exitCode = 1;
