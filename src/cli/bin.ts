// The `sourced` executable: wires the library function main() to this process.
import { main } from './main';
import { nodeFileSystem } from './nodeIo';

main({
  argv: process.argv.slice(2),
  cwd: process.cwd().replace(/\\/g, '/'),
  fs: nodeFileSystem,
  stdout: { write: (text) => void process.stdout.write(text), isTTY: process.stdout.isTTY },
  stderr: { write: (text) => void process.stderr.write(text), isTTY: process.stderr.isTTY },
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
