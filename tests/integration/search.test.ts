import { describe, expect, it } from 'vitest';
import { adminClient, engines, testApp } from '../support/harness.js';

describe.each(engines())('search ranking on %s', (engine) => {
  it('puts the record whose code is exactly the query first, then title matches, then the rest by date', async () => {
    const { app } = await testApp(engine);
    const { api } = await adminClient(app);
    // the exact code first, then ten longer codes that contain it, each newer than the last
    const exact = (await api.post('/api/customers', { code: 'KX331', nameZh: '精确客户' })).json();
    for (let i = 0; i < 10; i++) expect((await api.post('/api/customers', { code: `KX331${i}`, nameZh: `相似客户${i}` })).statusCode).toBe(200);
    const hits = (await api.get('/api/search?q=KX331')).json().hits as { ref: { id: string }; title: string }[];
    expect(hits).toHaveLength(11);
    expect(hits[0]!.ref.id).toBe(exact.id);
    // case does not matter for a code
    expect(((await api.get('/api/search?q=kx331')).json().hits as { ref: { id: string } }[])[0]!.ref.id).toBe(exact.id);

    // still first when more than 200 newer records contain the code
    const buried = (await api.post('/api/customers', { code: 'QZ77', nameZh: '被淹没的客户' })).json();
    for (let i = 0; i < 205; i++) expect((await api.post('/api/customers', { code: `QZ77-${i}`, nameZh: `后来客户${i}` })).statusCode).toBe(200);
    expect(((await api.get('/api/search?q=QZ77')).json().hits as { ref: { id: string } }[])[0]!.ref.id).toBe(buried.id);

    // a word in one record's title ranks it before a newer record that has the word only in its text
    const customer = (await api.post('/api/customers', { code: 'RANK1', nameZh: '排序客户' })).json();
    const inTitle = (
      await api.post('/api/communications', {
        partyId: customer.id,
        channel: 'phone',
        direction: 'in',
        occurredAt: '2026-11-01T02:00:00.000Z',
        subject: '镀层颜色确认',
        content: '客户来电',
      })
    ).json();
    const inBody = (
      await api.post('/api/communications', {
        partyId: customer.id,
        channel: 'phone',
        direction: 'in',
        occurredAt: '2026-11-02T02:00:00.000Z',
        subject: '交期问题',
        content: '顺便问了镀层颜色',
      })
    ).json();
    const ranked = ((await api.get(`/api/search?q=${encodeURIComponent('镀层颜色')}`)).json().hits as { ref: { id: string } }[]).map((h) => h.ref.id);
    expect(ranked).toEqual([inTitle.id, inBody.id]);
  });
});
