/** One `key = value` of an INI section, with the 0-based line of its key. */
export interface IniEntry {
  value: string;
  line: number;
}

/**
 * Reads one section of a Python configparser-style file (setup.cfg, tox.ini, .flake8): `key = value`
 * or `key: value`, values continued on indented lines, `#` and `;` comment lines. Keys are
 * lower-cased with `_` read as `-`, as flake8 does. Only what flake8 options need; no interpolation.
 */
export function readIniSection(text: string, sectionName: string): Map<string, IniEntry> | undefined {
  let section: Map<string, IniEntry> | undefined;
  let inSection = false;
  let current: IniEntry | undefined;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      if (trimmed === '') current = undefined;
      continue;
    }
    const header = /^\[([^\]]+)\]/.exec(trimmed);
    if (header && !/^\s/.test(line)) {
      inSection = header[1].trim() === sectionName;
      if (inSection) section ??= new Map();
      current = undefined;
      continue;
    }
    if (!inSection || !section) continue;
    if (/^\s/.test(line) && current) {
      current.value += `\n${trimmed}`;
      continue;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (!pair) continue;
    current = { value: pair[2], line: index };
    section.set(pair[1].toLowerCase().replace(/_/g, '-'), current);
  }
  return section;
}
