import { looksLikeToken, session } from './api-client.js';
import { $, el, replaceChildren } from './render.js';

/* Signing in with a pasted token, the signed-in user's name and role, the stream's status. */

export function showSignIn(message) {
  $('dashboard-view').hidden = true;
  $('session').hidden = true;
  $('signin-view').hidden = false;
  const notice = $('signin-message');
  notice.textContent = message ?? '';
  notice.hidden = !message;
  $('token-input').value = '';
  $('token-input').focus();
}

export function showSession(claims) {
  $('signin-view').hidden = true;
  $('dashboard-view').hidden = false;
  $('session').hidden = false;
  replaceChildren(
    $('who'),
    el('strong', {}, claims.sub),
    ` · ${claims.role.toLowerCase()}`,
    claims.role === 'OVERSIGHT' ? ' · all offices' : ` · ${claims.offices.join(', ')}`,
  );
}

export function setLive(liveState) {
  const badge = $('live-status');
  badge.dataset.state = liveState;
  badge.textContent = { connecting: 'Connecting…', live: 'Live', down: 'Reconnecting…' }[liveState];
}

/** The form starts a session with the pasted token; the button ends it. */
export function wireSignIn({ onSignIn, onSignOut }) {
  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token-input')
      .value.replace(/\s+/g, '')
      .replace(/^Bearer/i, '');
    if (!looksLikeToken(token)) {
      showSignIn(
        'That does not look like an access token. Paste the whole token, three parts separated by dots.',
      );
      return;
    }
    session.start(token);
    onSignIn();
  });
  $('sign-out').addEventListener('click', () => onSignOut('You have signed out.'));
}
