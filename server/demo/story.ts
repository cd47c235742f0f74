/**
 * What every demo loader begins with: the site calendar and today, the customers by code, how many communications are
 * logged (so a loader can say how many its story added), and a procedure step taken by a named user at a time of the
 * story — refused steps name the story that broke.
 */
import type { Db } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { CommunicationListQuery } from '../../contracts/communications.js';
import { TransitionRequest } from '../../contracts/procedures.js';
import { listCommunications } from '../communications/index.js';
import { instancesOf, performTransition } from '../procedures/index.js';
import { siteCalendar } from '../calendar/index.js';
import type { UserKey } from './demo.data.js';

export async function demoStory<C extends { code: string }>(db: Db, users: Record<UserKey, AuthContext>, customers: C[], now: Date) {
  const logged = async () => (await listCommunications(db, CommunicationListQuery.parse({ pageSize: 1 }))).total;
  const loggedBefore = await logged();
  const cal = await siteCalendar(db);
  const byCode = new Map(customers.map((c) => [c.code, c]));
  /** a procedure's step taken by `who` on the record, at `at` (the story's time) or now */
  const move = async (who: UserKey, type: string, id: string, transitionId: string, extra: Record<string, unknown> = {}, at?: Date) => {
    const [instance] = (await instancesOf(db, users[who], { type, id })).items;
    if (!instance) throw new Error(`demo: no ${type} procedure for ${id}`);
    try {
      return await performTransition(db, users[who], instance.id, TransitionRequest.parse({ version: instance.version, transitionId, ...extra }), at);
    } catch (err) {
      // a refused step names what it misses: say which story broke
      throw new Error(`demo: ${type} ${transitionId} refused: ${(err as Error).message} ${JSON.stringify((err as { fields?: unknown }).fields ?? [])}`, {
        cause: err,
      });
    }
  };
  return {
    cal,
    today: cal.localDate(now),
    /** the customer of that code (the first one when the company's list lacks it) */
    pick: (code: string) => byCode.get(code) ?? customers[0]!,
    /** communications the story has logged so far */
    added: async () => (await logged()) - loggedBefore,
    move,
    /** the record's procedure step as `who` sees it ('none' without a procedure) */
    state: async (who: UserKey, type: string, id: string) => (await instancesOf(db, users[who], { type, id })).items[0]?.state ?? 'none',
  };
}
