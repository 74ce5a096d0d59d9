// A real OpenID Connect provider on loopback for the sign-in tests, with oidc-provider's own
// development login and consent pages. Reads its clients and people as JSON from the first
// argument, listens on a free port of 127.0.0.1 and prints its issuer once it answers.
// Runs offline: nothing here reaches beyond loopback.
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.argv[2]);
const people = config.people;

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: config.clients,
    cookies: { keys: ['popsote-test-oidc-provider-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Any login is accepted by the development pages; only the people named here exist.
    async findAccount(ctx, id) {
      const person = people[id];
      if (!person) return undefined;
      return { accountId: id, async claims() { return { sub: id, ...person }; } };
    },
  });
  server.on('request', provider.callback());
  process.stdout.write(`${issuer}\n`);
});
