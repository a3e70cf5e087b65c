// Placeholder until the CLI lands.
process.stdout.write('sourced: not built yet\n');
