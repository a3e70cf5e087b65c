/**
 * Who is reviewing: the `sourced.reviewer.name` setting, else `user.name` from the user's global Git
 * configuration file. The file is read, never executed: running `git` in an untrusted workspace could run the
 * workspace's own configuration (hooks, fsmonitor), so Sourced does not run it at all.
 *
 * No 'vscode' import: the paths and the parser take their inputs as arguments, so they are unit-tested.
 */

/** The files Git reads its global configuration from, in the order Git reads them (later ones win). */
export function globalGitConfigPaths(env: Readonly<Record<string, string | undefined>>, home: string): string[] {
  if (env.GIT_CONFIG_GLOBAL) return [env.GIT_CONFIG_GLOBAL];
  const xdg = env.XDG_CONFIG_HOME ? `${env.XDG_CONFIG_HOME}/git/config` : `${home}/.config/git/config`;
  return [xdg, `${home}/.gitconfig`];
}

/**
 * `user.name` from the text of a Git configuration file: the last `name` of a `[user]` section, with Git's
 * quoting and escapes undone and trailing comments dropped. Undefined when the file sets none.
 */
export function gitUserName(configText: string): string | undefined {
  let section = '';
  let name: string | undefined;
  for (const rawLine of configText.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"[^"]*")?\s*\]\s*(.*)$/.exec(line);
    if (header) {
      // A subsection (`[user "x"]`) is not the plain [user] section.
      section = /"/.test(line.slice(0, line.indexOf(']'))) ? '' : header[1].toLowerCase();
      if (!header[2]) continue;
    }
    if (section !== 'user') continue;
    const entry = /^([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*)$/.exec(header ? header[2] : line);
    if (!entry || entry[1].toLowerCase() !== 'name') continue;
    const value = unquote(entry[2]);
    if (value) name = value;
  }
  return name;
}

function unquote(raw: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\\' && i + 1 < raw.length) {
      const next = raw[++i];
      out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else if ((c === '#' || c === ';') && !quoted) break;
    else out += c;
  }
  return out.trim();
}

/** The reviewer's name from the setting, else from the first global Git configuration file that sets one. */
export async function reviewerName(setting: unknown, configFiles: readonly string[], readText: (path: string) => Promise<string | undefined>): Promise<string | undefined> {
  if (typeof setting === 'string' && setting.trim()) return setting.trim();
  let found: string | undefined;
  for (const path of configFiles) {
    const text = await readText(path).catch(() => undefined);
    const name = text === undefined ? undefined : gitUserName(text);
    if (name) found = name;
  }
  return found;
}
