// @ts-check
// 信息检索's 发布机构 filter, however many agencies the portal has: first a level or region of the
// directory (机构目录, /agencies/index.json and each government's own), then an agency of it, a page of
// the directory at a time or filtered by name. No list of every agency is ever downloaded or shown.

/**
 * @typedef {{ id: string, name: string, url: string, directory?: string }} DirectoryEntry
 * @typedef {{ kind: string, label: string, count: number, pages: string[] }} DirectoryLevel
 * @typedef {DirectoryEntry & { pageSize: number, levels: DirectoryLevel[] }} DirectoryIndex
 */

/** Agencies offered at once: a page of the directory, or the first matches of a name. */
const shown = 50;

/** @param {string} path */
const getJson = async (path) => {
  const response = await fetch(path);
  return response.ok ? response.json() : null;
};

/** @type {Map<string, Promise<any>>} */
const cache = new Map();
/** @param {string} path */
const cached = (path) => {
  if (!cache.has(path)) cache.set(path, getJson(path));
  return /** @type {Promise<any>} */ (cache.get(path));
};

/**
 * @param {HTMLSelectElement} select
 * @param {[string, string][]} options value and text of each
 */
function fill(select, options) {
  select.replaceChildren(
    ...options.map(([value, text]) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = text;
      return option;
    }),
  );
}

/**
 * Wires the filter: `scope` (name `in`: `=<id>` one government itself, `<id>/<kind>` a level of its
 * directory), `name` (a text filter over the level), `choice` (name `agency`) and `note` (what is shown).
 * @param {{ scope: HTMLSelectElement, name: HTMLInputElement, choice: HTMLSelectElement, note: HTMLElement }} controls
 * @param {URLSearchParams} params
 */
export async function agencyFilter({ scope, name, choice, note }, params) {
  /** @type {DirectoryIndex | null} */
  const top = await cached('/agencies/index.json');
  if (!top) return;
  /** @type {Map<string, DirectoryIndex>} the governments whose levels the scope offers */
  const governments = new Map([[top.id, top]]);

  /** @param {DirectoryIndex} government */
  const scopeOptions = (government) => {
    /** @type {[string, string][]} */
    const own = [[`=${government.id}`, `${government.name}（本级）`]];
    return own.concat(
      government.levels.map((level) => [
        `${government.id}/${level.kind}`,
        `${government === top ? '' : `${government.name}：`}${level.label}（${level.count} 个）`,
      ]),
    );
  };
  const refreshScope = () => {
    const value = scope.value;
    fill(scope, [['', '全部机构'], ...[...governments.values()].flatMap(scopeOptions)]);
    scope.value = value;
  };

  /** @param {string} id a government the directory lists under another */
  async function openGovernment(id) {
    if (governments.has(id)) return governments.get(id);
    /** @type {DirectoryIndex | null} */
    const found = await cached(`/agencies/${encodeURIComponent(id)}/index.json`);
    if (found) governments.set(id, found);
    refreshScope();
    return found ?? undefined;
  }

  /** The level the scope names, with its government. */
  const chosenLevel = () => {
    const [id, kind] = scope.value.split('/');
    const government = id ? governments.get(id) : undefined;
    return government && kind ? government.levels.find((l) => l.kind === kind) : undefined;
  };

  /** @type {Map<string, DirectoryEntry>} */
  const known = new Map();
  /** @param {DirectoryLevel} level @param {boolean} all @returns {Promise<DirectoryEntry[]>} */
  async function agenciesOf(level, all) {
    const pages = await Promise.all((all ? level.pages : level.pages.slice(0, 1)).map(cached));
    const agencies = pages.flatMap((page) => /** @type {DirectoryEntry[]} */ (page?.agencies ?? []));
    for (const agency of agencies) known.set(agency.id, agency);
    return agencies;
  }

  async function showLevel() {
    const level = chosenLevel();
    const label = /** @type {HTMLElement} */ (name.closest('label'));
    label.hidden = !level;
    if (!level) {
      const own = scope.value.startsWith('=') ? governments.get(scope.value.slice(1)) : undefined;
      fill(choice, own ? [[own.id, own.name]] : [['', '全部']]);
      note.textContent = '';
      return;
    }
    const wanted = name.value.trim();
    const agencies = await agenciesOf(level, wanted !== '');
    const matches = wanted ? agencies.filter((a) => a.name.includes(wanted)) : agencies;
    const selected = choice.value;
    fill(choice, [
      ['', `${level.label}：请选择`],
      ...matches.slice(0, shown).map((a) => /** @type {[string, string]} */ ([a.id, a.name])),
    ]);
    // The agency already chosen stays offered (and chosen) while the name typed still matches it.
    const chosen = known.get(selected);
    if (chosen && !matches.slice(0, shown).includes(chosen) && (!wanted || chosen.name.includes(wanted)))
      choice.append(new Option(chosen.name, chosen.id));
    choice.value = chosen ? selected : '';
    note.textContent = wanted
      ? `找到 ${matches.length} 个${matches.length > shown ? `，显示前 ${shown} 个，请输入更完整的名称` : ''}`
      : `共 ${level.count} 个${level.count > agencies.length ? `，显示前 ${agencies.length} 个，输入名称可筛选` : ''}`;
  }

  refreshScope();
  // Back from the results: the level and agency the address names, found again in the directory.
  const [scopeId] = (params.get('in') ?? '').replace(/^=/, '').split('/');
  if (scopeId && scopeId !== top.id) await openGovernment(scopeId);
  scope.value = params.get('in') ?? '';
  if (scope.value !== (params.get('in') ?? '')) scope.value = '';
  const agency = params.get('agency');
  const level = chosenLevel();
  if (agency && level) {
    const all = await agenciesOf(level, true);
    if (all.some((a) => a.id === agency)) {
      await showLevel();
      if (![...choice.options].some((o) => o.value === agency))
        choice.append(new Option(known.get(agency)?.name ?? agency, agency));
      choice.value = agency;
    }
  } else await showLevel();

  scope.addEventListener('change', () => {
    name.value = '';
    choice.value = '';
    void showLevel();
  });
  let typing = 0;
  name.addEventListener('input', () => {
    clearTimeout(typing);
    typing = window.setTimeout(() => void showLevel(), 200);
  });
  // An agency that has agencies under it offers its own levels in the scope.
  choice.addEventListener('change', () => {
    const picked = known.get(choice.value);
    if (picked?.directory) void openGovernment(picked.id);
  });
}
