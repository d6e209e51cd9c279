/**
 * The open probe's header as a short explanation: goal, technique, what it expects under the chosen
 * driver, and its references as links. Links open outside the app (a new browser tab in browser mode; the
 * system browser in Electron, whose window-open handler hands http(s) URLs to the OS and denies the rest).
 * Header text comes from probe files, so a reference becomes a link only when it is an http(s) URL or a
 * CVE id.
 */
import type { ProbeDetail } from '../../../../electron/common/api/types.ts';
import { expectedOutcome } from '../../../../electron/common/matrix/probe-header.ts';

const CVE = /^CVE-\d{4}-\d{4,}$/i;

/** The URL a reference links to, or undefined for plain text. */
export function referenceUrl(reference: string): string | undefined {
  if (CVE.test(reference)) return `https://www.cve.org/CVERecord?id=${reference.toUpperCase()}`;
  if (!URL.canParse(reference)) return undefined;
  const { protocol } = new URL(reference);
  return protocol === 'https:' || protocol === 'http:' ? reference : undefined;
}

function shortUrl(url: string): string {
  const u = new URL(url);
  const text = `${u.host}${u.pathname === '/' ? '' : u.pathname}${u.hash}`;
  return text.length > 70 ? `${text.slice(0, 67)}…` : text;
}

export function ProbeInfo(props: {
  readonly probe: ProbeDetail;
  /** The driver chosen in the driver panel. */
  readonly driver: string;
  /** How the driver and settings were chosen when the probe was opened. */
  readonly note?: string;
  readonly onClose: () => void;
}) {
  const { probe, driver } = props;
  const expected = expectedOutcome(probe.expectations.default, driver);
  const expectedHardened = expectedOutcome(probe.expectations.hardened, driver);
  return (
    <section className="probe-info" aria-label="Probe explanation" data-probe={probe.id}>
      <header>
        <h2>{probe.title}</h2>
        <span className="mute">
          {probe.id} · {probe.category}
        </span>
        <button className="small" aria-label="Close the probe explanation" onClick={props.onClose}>
          ×
        </button>
      </header>
      <dl>
        <dt>Goal</dt>
        <dd>{probe.goal || '—'}</dd>
        <dt>Technique</dt>
        <dd>{probe.technique || '—'}</dd>
        <dt>Expected</dt>
        <dd>
          under <code>{driver}</code>: {expected ?? 'no expectation'} (default policy)
          {expectedHardened !== expected && `, ${expectedHardened ?? 'no expectation'} (hardened)`}.{' '}
          <span className="mute">
            Runs with timeout {probe.runLimits.timeoutMs} ms and memory {probe.runLimits.memoryMb} MB, as in the matrix.
            {props.note ? ` ${props.note}` : ''}
          </span>
        </dd>
        {probe.references.length > 0 && (
          <>
            <dt>References</dt>
            <dd className="refs">
              {probe.references.map((r, i) => {
                const url = referenceUrl(r);
                return (
                  <span key={i}>
                    {i > 0 && ' · '}
                    {url ? (
                      <a href={url} target="_blank" rel="noopener noreferrer" title={url}>
                        {CVE.test(r) ? r.toUpperCase() : shortUrl(url)}
                      </a>
                    ) : (
                      r
                    )}
                  </span>
                );
              })}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
