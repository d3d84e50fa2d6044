// Warns before a signed-in session ends, with a button to stay signed in (WCAG 2.2.1 Timing Adjustable;
// docs/accessibility.md#the-session-time-limit). The page knows when its session ends as it was drawn;
// before warning it asks the server again, since using the service in another tab puts the end off too.
// Asking does not put it off; "Stay signed in" does. Once signed out, the page and what was typed stay,
// and signing in again in a new tab lets the user save here (static/failures.mjs).
import { sessionEnded } from './failures.mjs'

const RETRY_MS = 30000 // the server could not be asked: ask again after this

export function watchSession () {
  const dialog = document.getElementById('session-timeout')
  if (!dialog || typeof dialog.showModal !== 'function') return
  const warnBefore = Number(dialog.dataset.warnBefore) * 1000
  const idle = Number(dialog.dataset.idle) * 1000
  const warning = dialog.querySelector('[data-state="warning"]')
  const ended = dialog.querySelector('[data-state="ended"]')
  let timer = null
  let returnFocus = null

  // Look again `ms` from now.
  function later (ms, then = check) {
    clearTimeout(timer)
    timer = setTimeout(then, Math.max(0, ms))
  }

  function untilWarning (endsIn) {
    later(endsIn * 1000 - warnBefore)
  }

  async function ask (method) {
    const token = JSON.parse(document.body.getAttribute('hx-headers') || '{}')['X-CSRFToken']
    const response = await fetch(dialog.dataset.sessionUrl, {
      method,
      headers: { Accept: 'application/json', 'X-CSRFToken': token || '' },
      credentials: 'same-origin',
      cache: 'no-store'
    })
    // Signed out, the answer is the sign-in page (a redirect), not the session's end.
    const json = (response.headers.get('Content-Type') || '').startsWith('application/json')
    if (!response.ok || response.redirected || !json) return { signed_in: false }
    return response.json()
  }

  function open (state) {
    warning.hidden = state !== warning
    ended.hidden = state !== ended
    dialog.setAttribute('aria-labelledby', state.querySelector('h2').id)
    dialog.setAttribute('aria-describedby', state.querySelector('p').id)
    if (!dialog.open) {
      returnFocus = document.activeElement
      dialog.showModal()
    }
    state.querySelector('h2').focus()
  }

  function close () {
    dialog.close()
    if (returnFocus && returnFocus.isConnected) returnFocus.focus()
  }

  function showEnded () {
    clearTimeout(timer)
    sessionEnded(dialog.dataset.tokenUrl)
    open(ended)
  }

  function showWarning ({ ends_in: endsIn, can_stay: canStay }) {
    const at = new Date(Date.now() + endsIn * 1000)
    warning.querySelector('[data-ends-at]').textContent =
      at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
    warning.querySelector('[data-stay]').hidden = !canStay
    warning.querySelector('[data-close]').hidden = canStay
    warning.querySelector('[data-when-final]').hidden = canStay
    open(warning)
    later(endsIn * 1000 + 1000) // then see whether it has ended
  }

  async function check () {
    let state
    try {
      state = await ask('GET')
    } catch {
      later(RETRY_MS)
      return
    }
    if (!state.signed_in) return showEnded()
    if (state.ends_in * 1000 > warnBefore + 1000) {
      if (dialog.open && !warning.hidden) close() // used meanwhile, here or in another tab
      return untilWarning(state.ends_in)
    }
    showWarning(state)
  }

  async function stay () {
    try {
      const state = await ask('POST')
      if (!state.signed_in) return showEnded()
      close()
      untilWarning(state.ends_in)
    } catch {
      later(RETRY_MS)
    }
  }

  warning.querySelector('[data-stay]').addEventListener('click', stay)
  for (const button of dialog.querySelectorAll('[data-close]')) button.addEventListener('click', close)
  // Escape: staying signed in is what a person still at the page wants; once signed out, it only closes.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault()
    if (!warning.hidden && !warning.querySelector('[data-stay]').hidden) stay()
    else close()
  })
  // Each request the page sends uses the session: its end moves at least this far (the server notes a
  // use at most once a minute, so a minute less), and the server is asked again before any warning.
  document.body.addEventListener('htmx:afterRequest', (event) => {
    if (event.detail.xhr && event.detail.xhr.status !== 401 && ended.hidden) untilWarning((idle - 60000) / 1000)
  })
  untilWarning(Number(dialog.dataset.endsIn))
}
