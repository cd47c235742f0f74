import crypto from 'node:crypto';

/**
 * The group robots' documented webhook formats (custom robots added to a group chat):
 * - 企业微信 WeCom: POST {"msgtype":"markdown","markdown":{"content":…}} to https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…;
 *   no signature (the key in the address is the secret); answer {"errcode":0}.
 * - 钉钉 DingTalk: POST {"msgtype":"markdown","markdown":{"title","text"}} to https://oapi.dingtalk.com/robot/send?access_token=…;
 *   with 加签 the address gains timestamp (ms) and sign = urlencode(base64(HMAC-SHA256(key=secret, "timestamp\nsecret")));
 *   answer {"errcode":0}.
 * - 飞书 Feishu: POST {"msg_type":"text","content":{"text":…}} to https://open.feishu.cn/open-apis/bot/v2/hook/…; with 签名校验
 *   the body gains timestamp (s) and sign = base64(HMAC-SHA256(key="timestamp\nsecret", message "")); answer {"code":0}.
 */
export type Provider = 'wecom' | 'dingtalk' | 'feishu';

export function dingtalkSign(secret: string, timestampMs: number): string {
  return crypto.createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export function feishuSign(secret: string, timestampS: number): string {
  return crypto.createHmac('sha256', `${timestampS}\n${secret}`).update(Buffer.alloc(0)).digest('base64');
}

/** The request one robot expects for a message: its address (signed for DingTalk) and JSON body. */
export function robotRequest(
  provider: Provider,
  url: string,
  secret: string | null,
  title: string,
  text: string,
  now = new Date(),
): { url: string; body: Record<string, unknown> } {
  if (provider === 'wecom') return { url, body: { msgtype: 'markdown', markdown: { content: `**${title}**\n${text}` } } };
  if (provider === 'dingtalk') {
    let target = url;
    if (secret) {
      const ts = now.getTime();
      const u = new URL(url);
      u.searchParams.set('timestamp', String(ts));
      u.searchParams.set('sign', dingtalkSign(secret, ts));
      target = u.toString();
    }
    return { url: target, body: { msgtype: 'markdown', markdown: { title, text: `#### ${title}\n${text}` } } };
  }
  const body: Record<string, unknown> = { msg_type: 'text', content: { text: `${title}\n${text}` } };
  if (secret) {
    const ts = Math.floor(now.getTime() / 1000);
    body.timestamp = String(ts);
    body.sign = feishuSign(secret, ts);
  }
  return { url, body };
}

/** Post it; an HTTP error or a robot's own error code (errcode / code ≠ 0) is thrown with its text. */
export async function postToRobot(req: { url: string; body: Record<string, unknown> }): Promise<void> {
  const res = await fetch(req.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(req.body),
    redirect: 'error',
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
  let answer: { errcode?: number; code?: number; errmsg?: string; msg?: string } = {};
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    throw new Error(`not JSON: ${text.slice(0, 300)}`);
  }
  const code = answer.errcode ?? answer.code ?? 0;
  if (code !== 0) throw new Error(`robot error ${code}: ${answer.errmsg ?? answer.msg ?? ''}`.slice(0, 300));
}
