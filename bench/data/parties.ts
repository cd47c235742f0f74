/** Customers (200 per scale unit) and their contacts (1,000 per scale unit), with audit and search rows. */
import { pinyin } from 'pinyin-pro';
import { nameSortKey } from '../../server/parties/parties.service.js';
import { cnGivenNames, cnSurnames, foreignNames, hkNames, modelPrefixes, products, titles } from '../../server/demo/demo.data.js';
import { bulkInsert } from '../lib/db.js';
import { DAY, type GenContact, type GenContext, type Generator } from './context.js';
import { brandSyllables, cnCities, foreignCompanies, foreignZh, industryWords, type Industry } from './words.js';
import { insertAuditRows, insertSearchRows, searchRow, type AuditRow } from './rows.js';

const industries: Industry[] = ['electronics', 'hardware', 'auto', 'plastic', 'lighting', 'machinery'];
const roles: GenContact['role'][] = ['buy', 'qa', 'eng', 'mgmt'];
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const partiesGenerator: Generator = {
  name: 'parties',
  async generate(ctx: GenContext) {
    const rng = ctx.rng('parties');
    const owners = ctx.users.filter((u) => u.department === 'sales' && u.role === 'staff');
    const gm = ctx.users.find((u) => u.role === 'gm')!;
    const nCustomers = Math.max(3, Math.round(200 * ctx.scale));
    const nContacts = Math.max(nCustomers, Math.round(1000 * ctx.scale));
    const partyRows: Record<string, unknown>[] = [];
    const contactRows: Record<string, unknown>[] = [];
    const audit: AuditRow[] = [];
    const search: ReturnType<typeof searchRow>[] = [];
    const usedNames = new Set<string>();
    // contacts per customer: nContacts spread around the mean, at least one each
    const perCustomer = Array.from({ length: nCustomers }, () => 1);
    for (let left = nContacts - nCustomers; left > 0; left--) perCustomer[rng.int(0, nCustomers - 1)]!++;

    for (let i = 0; i < nCustomers; i++) {
      const id = ctx.uuid(rng);
      const region = rng.weighted(['CN', 'HK', 'DE', 'JP', 'US'] as const, (r) => ({ CN: 75, HK: 10, DE: 5, JP: 5, US: 5 })[r]);
      const industry = rng.pick(industries);
      let nameZh = '';
      let nameEn = '';
      let tries = 0;
      do {
        if (region === 'CN' || region === 'HK') {
          const city = region === 'HK' ? { zh: '香港', en: 'Hong Kong' } : rng.pick(cnCities);
          const brand = rng.pick(brandSyllables) + rng.pick(brandSyllables);
          const kind = region === 'HK' ? { zh: '贸易', en: 'Trading' } : rng.pick(industryWords[industry]!);
          nameZh = `${city.zh}${brand}${kind.zh}有限公司`;
          nameEn = `${city.en} ${cap(pinyin(brand, { toneType: 'none', type: 'array' }).join(''))} ${kind.en} Co., Ltd.`;
        } else {
          const f = foreignCompanies[region];
          const stem = rng.pick(f.stems);
          const kind = rng.pick(f.kinds);
          // foreign groups buy through their China subsidiaries too: 韦伯精密（苏州）有限公司
          const site = rng.chance(0.6) ? rng.pick(cnCities) : null;
          nameEn = site ? `${stem} ${kind.replace(/ (GmbH|AG|Co\., Ltd\.|LLC|Inc\.)$/, '')} (${site.en}) Co., Ltd.` : `${stem} ${kind}`;
          nameZh = `${foreignZh[stem]}${rng.pick(['精密', '电气', '科技', '工业'])}${site ? `（${site.zh.replace(/市$/, '')}）有限公司` : f.suffixZh}`;
        }
        // past the name space of these word lists (very large scales): number the branches
        if (++tries > 50) {
          nameZh = `${nameZh.replace(/(有限公司|株式会社|公司)$/, '')}第${tries}分公司`;
          nameEn = `${nameEn} Branch ${tries}`;
        }
      } while (usedNames.has(nameZh));
      usedNames.add(nameZh);
      const status = rng.weighted(['active', 'prospect', 'dormant'] as const, (s) => ({ active: 85, prospect: 10, dormant: 5 })[s]);
      const grade = rng.weighted(['A', 'B', 'C', 'D'] as const, (g) => ({ A: 10, B: 30, C: 40, D: 20 })[g]);
      const owner = rng.pick(owners);
      const code = `${region === 'CN' ? 'C' : region}${String(i + 1).padStart(4, '0')}`;
      const createdAt = new Date(ctx.start.getTime() - rng.int(30, 2000) * DAY).toISOString();
      const accepted = status !== 'prospect';
      const foreign = region === 'DE' || region === 'JP' || region === 'US';
      const party = {
        id,
        kind: 'customer',
        code,
        name_zh: nameZh,
        name_en: nameEn,
        name_sort_key: nameSortKey(nameZh),
        grade,
        status,
        owner_id: owner.id,
        accepted_by_gm: accepted,
        accepted_at: accepted ? createdAt : null,
        accepted_by: accepted ? gm.id : null,
        contact_cadence_days: { A: 14, B: 30, C: 60, D: 90 }[grade],
        preferred_language: foreign ? 'en-US' : 'zh-CN',
        notes: null,
        created_at: createdAt,
        updated_at: createdAt,
        created_by: owner.id,
        updated_by: owner.id,
      };
      partyRows.push(party);
      audit.push({ at: createdAt, actor_id: owner.id, ref_type: 'customer', ref_id: id, action: 'create', after: { code, nameZh, nameEn, grade, status: accepted ? 'prospect' : status, ownerId: owner.id, ownerName: owner.displayName, acceptedByGm: false, contactCadenceDays: party.contact_cadence_days, preferredLanguage: party.preferred_language, notes: null } });
      if (accepted) audit.push({ at: createdAt, actor_id: gm.id, ref_type: 'customer', ref_id: id, action: 'accept', after: { code, status, acceptedByGm: true } });

      const contacts: GenContact[] = [];
      const used = new Set<string>();
      for (let k = 0; k < perCustomer[i]!; k++) {
        const role = roles[k % roles.length]!;
        let name = '';
        for (let tries = 0; tries < 20 && (!name || used.has(name)); tries++) {
          if (region === 'CN') name = rng.pick(cnSurnames) + rng.pick(cnGivenNames);
          else if (region === 'HK') {
            const n = rng.pick(hkNames);
            name = `${n.zh} ${n.en}`;
          } else name = rng.pick(foreignNames[region]);
        }
        if (used.has(name)) name = `${name} ${k + 1}`;
        used.add(name);
        const contactId = ctx.uuid(rng);
        const title = rng.pick(titles[foreign ? 'en' : 'zh'][role]);
        const py = region === 'CN' ? pinyin(name, { toneType: 'none', type: 'array' }).join('') : name.toLowerCase().replace(/[^a-z]+/g, '.');
        const c = {
          id: contactId,
          party_id: id,
          name,
          title,
          phone: region === 'CN' ? `+86 755 ${rng.int(2000, 8999)} ${rng.int(1000, 9999)}` : `+${{ HK: 852, DE: 49, JP: 81, US: 1 }[region]} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)}`,
          mobile: region === 'CN' ? `+86 13${rng.int(0, 9)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)}` : null,
          email: `${py}@${code.toLowerCase()}.example`,
          im: region === 'CN' ? `微信 ${py}${rng.int(10, 99)}` : null,
          preferred_channel: foreign ? 'email' : rng.pick(['phone', 'im', 'email']),
          is_primary: k === 0,
          created_at: createdAt,
          updated_at: createdAt,
          created_by: owner.id,
          updated_by: owner.id,
        };
        contactRows.push(c);
        contacts.push({ id: contactId, name, role });
        const { id: _i, party_id: _p, created_at: _c, updated_at: _u, ...snap } = c;
        audit.push({ at: createdAt, actor_id: owner.id, ref_type: 'contact', ref_id: contactId, action: 'create', after: { ...snap, voided: false } });
      }
      search.push(
        searchRow({
          refType: 'customer',
          refId: id,
          partyId: id,
          permission: 'customers.read',
          title: `${code} ${nameZh} / ${nameEn}`,
          body: contacts.map((x, k) => `${x.name} ${contactRows[contactRows.length - contacts.length + k]!.title}`).join('\n'),
          codes: [code],
          at: new Date(createdAt),
        }),
      );
      const seen = new Set<string>();
      const models = rng.sample(products[industry], Math.min(3, products[industry].length)).map((p) => {
        let model = '';
        do model = `${rng.pick(modelPrefixes[industry])}-${rng.int(100, 4999)}${rng.chance(0.3) ? rng.pick(['A', 'B', 'C']) : ''}`;
        while (seen.has(model));
        seen.add(model);
        return { model, zh: p.zh, en: p.en };
      });
      // a few large accounts, a long tail (Zipf-like); prospects rarely talk to us
      const weight = (1 / Math.pow(i + 1, 0.8)) * (status === 'prospect' ? 0.1 : status === 'dormant' ? 0.3 : 1);
      ctx.customers.push({ id, code, nameZh, nameEn, region, industry, ownerId: owner.id, prospect: status === 'prospect', contacts, models, weight });
    }

    const ts = { type: 'timestamptz' };
    await bulkInsert(
      ctx.db,
      'parties',
      [
        { name: 'id', type: 'uuid' }, { name: 'kind', type: 'text' }, { name: 'code', type: 'text' }, { name: 'name_zh', type: 'text' },
        { name: 'name_en', type: 'text' }, { name: 'name_sort_key', type: 'text' }, { name: 'grade', type: 'text' }, { name: 'status', type: 'text' },
        { name: 'owner_id', type: 'uuid' }, { name: 'accepted_by_gm', type: 'boolean' }, { name: 'accepted_at', ...ts }, { name: 'accepted_by', type: 'uuid' },
        { name: 'contact_cadence_days', type: 'integer' }, { name: 'preferred_language', type: 'text' }, { name: 'notes', type: 'text' },
        { name: 'created_at', ...ts }, { name: 'updated_at', ...ts }, { name: 'created_by', type: 'uuid' }, { name: 'updated_by', type: 'uuid' },
      ],
      partyRows,
    );
    await bulkInsert(
      ctx.db,
      'contacts',
      [
        { name: 'id', type: 'uuid' }, { name: 'party_id', type: 'uuid' }, { name: 'name', type: 'text' }, { name: 'title', type: 'text' },
        { name: 'phone', type: 'text' }, { name: 'mobile', type: 'text' }, { name: 'email', type: 'text' }, { name: 'im', type: 'text' },
        { name: 'preferred_channel', type: 'text' }, { name: 'is_primary', type: 'boolean' },
        { name: 'created_at', ...ts }, { name: 'updated_at', ...ts }, { name: 'created_by', type: 'uuid' }, { name: 'updated_by', type: 'uuid' },
      ],
      contactRows,
    );
    await insertAuditRows(ctx.db, audit);
    await insertSearchRows(ctx.db, search);
    return { parties: partyRows.length, contacts: contactRows.length, audit_log: audit.length, search_index: search.length };
  },
};
