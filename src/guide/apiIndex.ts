import { sectionsInOrder, type Guide } from './types';

/**
 * Which section explains an asyncio API: built from the `apis` of toc.json. A name that is not
 * listed falls back to its owner (`asyncio.Lock.acquire` → `asyncio.Lock`), never to the bare
 * module.
 */
export class ApiIndex {
  private readonly homes = new Map<string, string>();

  constructor(guide: Guide) {
    for (const section of sectionsInOrder(guide)) {
      for (const api of section.apis) if (!this.homes.has(api)) this.homes.set(api, section.id);
    }
  }

  get size(): number {
    return this.homes.size;
  }

  /** The section of the first candidate name that has one (candidates in order of preference). */
  sectionFor(candidates: readonly string[]): { api: string; section: string } | undefined {
    for (const candidate of candidates) {
      for (let name = candidate; name.includes('.'); name = name.slice(0, name.lastIndexOf('.'))) {
        const section = this.homes.get(name);
        if (section) return { api: name, section };
      }
    }
    return undefined;
  }
}
