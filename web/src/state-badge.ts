import { h } from './dom.js';
import { STATE_COLORS, STATE_LABELS, type CommitmentState } from './labels.js';

/** A state's French label after a swatch of its colour; the colour is decoration, the label says it all. */
export function stateBadge(state: CommitmentState): HTMLElement {
  return h('span', { class: 'badge' }, h('span', { class: 'swatch', style: `background:${STATE_COLORS[state]}`, 'aria-hidden': 'true' }), STATE_LABELS[state]);
}
