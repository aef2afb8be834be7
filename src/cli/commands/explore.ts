export function builder(y: import('yargs').Argv) {
  return y;
}
export async function run(): Promise<0> {
  return 0;
}
