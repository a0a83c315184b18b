import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { UpstreamSource } from '../upstream/datagouv/datagouv-client.js';

/** Text added to every answer served while the upstream is the bundled emulation. */
const DEMO_DATA_NOTICE =
  'Données de démonstration : les données data.gouv.fr et code.gouv.fr de cette réponse viennent de l’émulation locale (réponses réelles enregistrées et fiches synthétiques), pas des services en direct.';

/**
 * Labels every execution result with `extensions.upstreamSource` and, in demo
 * mode, a notice, so mock data can never pass for live data in any client.
 */
export function useDemoDataNotice(source: () => UpstreamSource): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone: ({ result, setResult }) => {
        if (Symbol.asyncIterator in Object(result)) return;
        const single = result as ExecutionResult;
        const current = source();
        setResult({
          ...single,
          extensions: {
            ...single.extensions,
            upstreamSource: current,
            ...(current === 'MOCK' ? { notice: DEMO_DATA_NOTICE } : {}),
          },
        });
      },
    }),
  };
}
