import type { CommitmentState } from './model.js';

/** French words for each state, as the dashboard and the change sentences say them. */
export const STATE_LABELS_FR: Readonly<Record<CommitmentState, string>> = {
  PUBLISHED_ON_TIME: 'publié à l’heure',
  PUBLISHED_LATE: 'publié en retard',
  PUBLISHED_BEFORE_ANNOUNCEMENT: 'publié avant l’annonce',
  PUBLISHED: 'publié, sans échéance',
  PENDING: 'en attente',
  OVERDUE: 'échéance dépassée',
  WITHDRAWN: 'retiré',
  UNVERIFIABLE: 'invérifiable',
  UNCHECKED_SOURCE_CODE: 'code source non vérifié',
};
