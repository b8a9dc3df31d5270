// The notifier service is built by a later issue; this entry point only says so.
console.error('The notifier service is not implemented yet.');
process.exitCode = 1;
