/**
 * "Check a policy before it ships", for IT on the options page: paste a policy file (or only the
 * extension's settings), press Check, read every problem with its setting, value and reason. The
 * same checks as `npm run check-policy` (shared/policy-check.ts), in the reader's language.
 */
import { useState } from 'preact/hooks';
import { ext } from '../shared/ext.ts';
import { t } from '../shared/i18n.ts';
import type { CheckResult } from '../shared/policy-check.ts';
import { describeProblemValue, policyProblemMessage, SOURCE_MESSAGE } from './policy-problems.ts';

export function PolicyCheck({ format }: { format: (n: number) => string }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<CheckResult | null>(null);

  async function check() {
    const { runPolicyCheck } = await import('./policy-check-run.ts');
    setResult(runPolicyCheck(text, ext.runtime.id));
  }

  const checked = result ? result.parts.reduce((n, p) => n + Object.keys(p.settings).length, 0) : 0;
  return (
    <section class="policy-check" aria-labelledby="policy-check-heading">
      <h2 id="policy-check-heading">{t('optionsCheckHeading')}</h2>
      <p id="policy-check-help" class="muted">
        {t('optionsCheckHelp')}
      </p>
      <label for="policy-check-text">{t('optionsCheckLabel')}</label>
      <textarea
        id="policy-check-text"
        rows={8}
        spellcheck={false}
        aria-describedby="policy-check-help"
        value={text}
        onInput={(e) => {
          setText((e.target as HTMLTextAreaElement).value);
          setResult(null);
        }}
      />
      <button type="button" onClick={() => void check()}>
        {t('optionsCheckButton')}
      </button>
      {result ? (
        <div class="policy-check-result" role="status">
          <p>{result.problems.length ? t('checkFound', format(result.problems.length)) : t('checkClean', format(checked))}</p>
          {result.problems.length ? (
            <ul>
              {result.problems.map((problem, i) => {
                const { message, substitutions } = policyProblemMessage(problem, format);
                const value = describeProblemValue(problem);
                return (
                  <li key={i} data-code={problem.code} data-setting={problem.key || undefined}>
                    <span class="muted">{t(SOURCE_MESSAGE[problem.source])}</span> {problem.key ? <code>{problem.key}</code> : null}
                    {problem.index !== undefined ? <> ({t('checkEntry', String(problem.index))})</> : null}
                    {value !== null ? (
                      <>
                        {' '}
                        <code>{value}</code>
                      </>
                    ) : null}
                    <div>{t(message, substitutions)}</div>
                  </li>
                );
              })}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
