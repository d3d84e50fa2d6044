// The council directory for the single sign-on tests: oidc-provider (OpenID Certified), configured from the
// JSON file named on the command line (tests/web/auth/directory.py writes it): the issuer, a test client,
// the signing keys and the directory's people. Its sign-in page asks only which person signs in, and consent
// is given at once, as a council's directory gives it for its own applications.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const settings = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const provider = new Provider(settings.issuer, {
  clients: [{
    client_id: settings.client_id,
    client_secret: settings.client_secret,
    redirect_uris: settings.redirect_uris,
    post_logout_redirect_uris: settings.post_logout_redirect_uris,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: settings.jwks,
  pkce: { required: () => true },
  claims: { email: ['email', 'email_verified'], profile: ['name', 'groups'] },
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      // its own page, with nothing fetched from elsewhere (the stock one loads a web font)
      async logoutSource(ctx, form) {
        ctx.body = `<!doctype html><html lang="en"><head><title>Sign out</title></head><body><main>
<h1>Sign out of the council directory?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign out</button></main></body></html>`;
      },
    },
  },
  cookies: { keys: ['directory-test-only'] },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const person = settings.people[id];
    if (!person) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...person }; } };
  },
});

function body(req) {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk) => { text += chunk; });
    req.on('end', () => resolve(new URLSearchParams(text)));
  });
}

const page = (uid) => `<!doctype html><html lang="en"><head><title>Council directory</title></head><body>
<main><h1>Council directory</h1><form method="post" action="/interaction/${uid}/login">
<label for="login">Directory e-mail</label> <input id="login" name="login">
<button type="submit">Continue</button></form></main></body></html>`;

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'consent') {
    const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  if (req.method === 'POST') {
    const login = (await body(req)).get('login');
    return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
  }
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  return res.end(page(details.uid));
}

const callback = provider.callback();
http.createServer((req, res) => {
  if (req.url === '/favicon.ico') { res.statusCode = 204; return res.end(); }
  if (!req.url.startsWith('/interaction/')) return callback(req, res);
  return interaction(req, res).catch((error) => { res.statusCode = 400; res.end(String(error)); });
}).listen(settings.port, '127.0.0.1', () => console.log(`directory ready on ${settings.port}`));
