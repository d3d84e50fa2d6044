// Starts GOV.UK Frontend's components, on the page and again in anything htmx swaps in,
// moves focus sensibly after a swap, and shows failed requests where the user is working.
// Loaded as a file: the CSP allows no inline script.
import { initAll, createAll, ErrorSummary } from './vendor/govuk-frontend-6.6.0/govuk-frontend.min.js'
import { watchForFailures } from './failures.mjs'
import { watchSession } from './session_timeout.mjs'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
watchForFailures(document.body)
watchSession()

document.body.addEventListener('htmx:afterSettle', (event) => {
  const root = event.detail.elt
  if (!(root instanceof HTMLElement)) return
  initAll({ scope: root })
  // An error summary in the swapped content takes focus (GOV.UK does this itself on load);
  // otherwise an element marked data-focus-after-swap does.
  const summary = root.querySelector('.govuk-error-summary')
  const target = summary || root.querySelector('[data-focus-after-swap]')
  if (target && !summary) {
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
    target.focus()
  }
})
