#!/usr/bin/env node
// A simulated collection agency on loopback (node:http, no dependencies): accepts claim files and recalls
// (POST /placements, POST /recalls, idempotent on the Idempotency-Key header) and answers each new placement
// by calling our API back: acknowledged, in_contact, a partial recovery on the first invoice (sent twice: the
// API must absorb the repeat), then partial_recovery. GET /claims shows what it received and what it answered.
// Env: SIM_PORT (0: any; the port is printed as `agency-simulator listening <port>`), O2C_API_URL (our API),
// O2C_API_TOKEN (bearer token for our API: role publisher, subject svc:<agency>), SIM_AGENCY_ID (default `sim`), SIM_RECOVERY_SHARE_BP (share of the first invoice recovered, default 4000).
'use strict';
const http = require('node:http');

const apiUrl = (process.env.O2C_API_URL || 'http://127.0.0.1:3000').replace(/\/$/, '');
const agencyId = process.env.SIM_AGENCY_ID || 'sim';
const apiToken = process.env.O2C_API_TOKEN;
const shareBp = BigInt(process.env.SIM_RECOVERY_SHARE_BP || '4000');
const placements = new Map();
const recalls = new Map();
const callbacks = [];

async function callBack(path, body) {
  for (let attempt = 1; attempt <= 20; attempt++) {
    try {
      const response = await fetch(`${apiUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(apiToken ? { authorization: `Bearer ${apiToken}` } : {}) },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      callbacks.push({ path, body, status: response.status, answer: text.slice(0, 500) });
      if (response.status < 500) return;
    } catch (error) {
      callbacks.push({ path, body, status: 0, answer: String(error && error.message) });
    }
    await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
  }
}

async function work(file) {
  const { status, recoveries } = file.callbacks;
  await callBack(status, { status: 'acknowledged', note: `received by ${agencyId}` });
  await callBack(status, { status: 'in_contact', note: 'debtor reached by phone' });
  const first = file.invoices[0];
  const amountMinor = Number((BigInt(first.openAmountMinor) * shareBp) / 10000n);
  if (amountMinor > 0) {
    const recovery = { recoveryId: `${agencyId}-${file.claimId}-R1`, invoiceId: first.invoiceId, amountMinor, recoveredOn: file.placedOn };
    await callBack(recoveries, recovery);
    await callBack(recoveries, recovery);
    await callBack(status, { status: 'partial_recovery', note: `${amountMinor} recovered on ${first.invoiceId}` });
  }
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const server = http.createServer(async (request, response) => {
  const send = (code, body) => {
    response.writeHead(code, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  try {
    if (request.method === 'GET' && request.url === '/claims') {
      return send(200, { placements: [...placements.values()], recalls: [...recalls.values()], callbacks });
    }
    if (request.method === 'POST' && (request.url === '/placements' || request.url === '/recalls')) {
      const key = request.headers['idempotency-key'];
      if (!key) return send(400, { error: 'Idempotency-Key header missing' });
      const body = JSON.parse(await readBody(request));
      const seen = request.url === '/placements' ? placements : recalls;
      if (seen.has(key)) return send(200, { outcome: 'duplicate', key });
      if (request.url === '/placements' && (body.format !== 'o2c.agency.claim-file' || !Array.isArray(body.invoices) || !body.callbacks)) {
        return send(422, { error: 'not an o2c claim file' });
      }
      seen.set(key, body);
      send(202, { outcome: 'accepted', key });
      if (request.url === '/placements') void work(body);
      return;
    }
    send(404, { error: 'not found' });
  } catch (error) {
    send(400, { error: String(error && error.message) });
  }
});

server.listen(Number(process.env.SIM_PORT || 0), '127.0.0.1', () => {
  process.stdout.write(`agency-simulator listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
