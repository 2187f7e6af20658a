import type { Me } from '../../shared/types';

const KEY = 'linli.resident.community';

/** Remembers which community the resident looked at last, so 「首页」 brings her back there. */
export function rememberCommunity(id: string) {
  try {
    localStorage.setItem(KEY, id);
  } catch {
    /* private mode: nothing to remember */
  }
}

export function homeCommunityId(me: Me | null | undefined): string | null {
  if (!me || me.communities.length === 0) return null;
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(KEY);
  } catch {
    saved = null;
  }
  return me.communities.find((c) => c.id === saved)?.id ?? me.communities[0].id;
}

export function communityOf(me: Me | null | undefined, id: string | undefined) {
  return me?.communities.find((c) => c.id === id) ?? null;
}

/** 「好邻生活圈的生活顾问 · 王叔」 */
export function leaderLabel(leader: { name: string; title: string }) {
  return leader.title ? `${leader.title} · ${leader.name}` : leader.name;
}
