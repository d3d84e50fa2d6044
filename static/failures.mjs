// Failures are seen and nothing typed is lost (docs/quality.md#failures). When an htmx request fails (an error
// answer htmx does not swap, a network failure, a timeout), a GOV.UK error summary appears just above
// the form or control that sent it, is announced and takes the focus; the form is left as typed.
//
// The server's words come in its own error fragment (templates/errors/_message.html). Only their text
// and one same-site link are copied into elements made here: no server markup is inserted as HTML.
//
// After a session ended (401) or a stale CSRF token (400), the fragment names a URL that gives the
// current session's token: once the user has signed in again in another tab, the page fetches it
// before it sends anything else (or when the tab is looked at again), so pressing Save again works.

const MESSAGE_CLASS = 'app-request-error'
const FALLBACK = {
  title: 'Sorry, there is a problem with the service',
  paragraphs: ['Try again later. Nothing you had already saved has been lost.']
}
const NETWORK = {
  title: 'Your request could not be sent',
  paragraphs: ['The service could not be reached: check your connection, then press the button again.']
}

let tokenUrl = null // set while the page's CSRF token may be stale

// ---- where the message goes --------------------------------------------------------------------

// The form that sent the request, or the control itself; null when it is gone or not in <main>.
function anchorFor (elt) {
  if (!(elt instanceof Element) || !elt.isConnected || !elt.closest('main')) return null
  return elt.closest('form') || elt
}

function insertMessage (anchor, message) {
  const cell = anchor.parentElement && anchor.parentElement.closest('li, td, th')
  if (anchor.tagName !== 'FORM' && cell) {
    cell.prepend(message) // a list or a table row may hold only its own items
  } else {
    anchor.before(message)
  }
}

function removeMessageFor (elt) {
  const anchor = anchorFor(elt)
  if (!anchor) return
  const cell = anchor.parentElement && anchor.parentElement.closest('li, td, th')
  const previous = anchor.tagName !== 'FORM' && cell ? cell.firstElementChild : anchor.previousElementSibling
  if (previous && previous.classList.contains(MESSAGE_CLASS)) previous.remove()
}

// ---- what it says ------------------------------------------------------------------------------

function sameSiteUrl (href) {
  try {
    const url = new URL(href, window.location.href)
    return url.origin === window.location.origin ? url : null
  } catch {
    return null
  }
}

// The server's message, read from its fragment as text, or null when the answer is not ours.
function readServerMessage (xhr) {
  const type = xhr.getResponseHeader('Content-Type') || ''
  if (!type.startsWith('text/html')) return null
  const fragment = new DOMParser().parseFromString(xhr.responseText, 'text/html')
  const root = fragment.querySelector('[data-error-message]')
  if (!root) return null
  const paragraphs = Array.from(root.querySelectorAll('[data-error-body] > p')).map((p) => {
    const link = p.querySelector(':scope > a[href]')
    const url = link && sameSiteUrl(link.getAttribute('href'))
    if (!url) return p.textContent.trim()
    const parts = { before: '', after: '' }
    let side = 'before'
    for (const node of p.childNodes) {
      if (node === link) side = 'after'
      else parts[side] += node.textContent
    }
    return { ...parts, text: link.textContent.trim(), href: url.href, newTab: link.getAttribute('target') === '_blank' }
  })
  const refresh = root.getAttribute('data-refresh-token')
  return {
    title: root.querySelector('[data-error-title]').textContent.trim(),
    paragraphs,
    refreshUrl: refresh && sameSiteUrl(refresh)
  }
}

function paragraphElement (content) {
  const p = document.createElement('p')
  p.className = 'govuk-body'
  if (typeof content === 'string') {
    p.textContent = content
    return p
  }
  const link = document.createElement('a')
  link.className = 'govuk-link'
  link.href = content.href
  link.textContent = content.text
  if (content.newTab) {
    link.target = '_blank'
    link.rel = 'noopener'
  }
  p.append(content.before, link, content.after)
  return p
}

// A GOV.UK error summary, announced as an alert.
function messageElement ({ title, paragraphs }, status) {
  const summary = document.createElement('div')
  summary.className = `govuk-error-summary ${MESSAGE_CLASS}`
  summary.tabIndex = -1
  const alert = document.createElement('div')
  alert.setAttribute('role', 'alert')
  const heading = document.createElement('h2')
  heading.className = 'govuk-error-summary__title'
  heading.textContent = title
  const body = document.createElement('div')
  body.className = 'govuk-error-summary__body'
  body.append(...paragraphs.map(paragraphElement))
  if (status && status !== 403) { // as the error page: a 403 is told in words only
    const code = document.createElement('p')
    code.className = 'govuk-body-s app-muted'
    code.textContent = `Error ${status}`
    body.append(code)
  }
  alert.append(heading, body)
  summary.append(alert)
  return summary
}

function show (detail, message, status) {
  const anchor = anchorFor(detail.elt)
  const kept = anchor && anchor.tagName === 'FORM' && detail.requestConfig && detail.requestConfig.verb !== 'get'
  const paragraphs = kept ? [...message.paragraphs, 'What you typed is still here.'] : message.paragraphs
  removeMessageFor(detail.elt)
  const element = messageElement({ title: message.title, paragraphs }, status)
  if (anchor) {
    insertMessage(anchor, element)
  } else {
    document.querySelector('main').prepend(element)
  }
  element.focus()
}

// ---- a fresh CSRF token after signing in again -------------------------------------------------

function setToken (token) {
  const headers = JSON.parse(document.body.getAttribute('hx-headers') || '{}')
  headers['X-CSRFToken'] = token
  document.body.setAttribute('hx-headers', JSON.stringify(headers))
  for (const input of document.querySelectorAll('input[name="csrf_token"]')) input.value = token
}

function setAccountName (name) {
  const account = document.querySelector('.app-account')
  if (!account) return
  const strong = account.querySelector('.app-account__name strong')
  if (strong && name) strong.textContent = name
  account.hidden = !name
}

// True when the page now holds the current session's token; false while still signed out.
async function refreshToken () {
  if (!tokenUrl) return true
  try {
    const response = await fetch(tokenUrl, {
      headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store'
    })
    if (!response.ok) return false
    const { csrf_token: token, name } = await response.json()
    setToken(token)
    setAccountName(name)
    tokenUrl = null
    return true
  } catch {
    return false
  }
}

// ---- htmx's events ----------------------------------------------------------------------------

function onResponseError (event) {
  const { xhr } = event.detail
  const message = readServerMessage(xhr)
  show(event.detail, message || FALLBACK, xhr.status)
  if (message && message.refreshUrl) {
    tokenUrl = message.refreshUrl.href
    if (xhr.status === 401) setAccountName(null)
    else refreshToken() // still signed in: the token can be brought up to date at once
  }
}

// A 409 or 422 is swapped in place: it is the form drawn again (a conflict merged, a value refused).
// One that is only our error message (a plan completed or withdrawn meanwhile) would replace the
// user's work instead: show it as any other failure, above the form, leaving the form as typed.
function onBeforeSwap (event) {
  const { xhr } = event.detail
  if ((xhr.status === 409 || xhr.status === 422) && readServerMessage(xhr)) {
    event.detail.shouldSwap = false
    event.detail.isError = true
  }
}

function onNetworkError (event) {
  show(event.detail, NETWORK)
}

// Hold a request back until the page has the current token; then send it (failing as before if not).
function onConfirm (event) {
  if (!tokenUrl) return
  event.preventDefault()
  refreshToken().then(() => event.detail.issueRequest(true))
}

// The session ended while the page was open (static/session_timeout.mjs): once the user has signed in
// again in another tab, the page fetches the new session's token from `url` before it sends anything.
export function sessionEnded (url) {
  tokenUrl = new URL(url, window.location.href).href
  setAccountName(null)
}

export function watchForFailures (body) {
  body.addEventListener('htmx:beforeRequest', (event) => removeMessageFor(event.detail.elt))
  body.addEventListener('htmx:beforeSwap', onBeforeSwap)
  body.addEventListener('htmx:responseError', onResponseError)
  body.addEventListener('htmx:sendError', onNetworkError)
  body.addEventListener('htmx:timeout', onNetworkError)
  body.addEventListener('htmx:confirm', onConfirm)
  window.addEventListener('focus', () => refreshToken())
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') refreshToken()
  })
}
