/**
 * One lesson on the page: its intro, its steps (prose, code and settings, "Load step" into the workbench,
 * "Run step" here, the expectation, what to watch, then the run itself with its charts and whether it
 * matched), the check and the references. State (runs, progress) belongs to the Lessons page.
 */
import { Fragment } from 'react';
import type { Lesson, LessonReference, LessonStep } from '../../../../electron/common/lesson/lesson.ts';
import type { CheckOutcome } from '../../../../electron/common/lesson/lesson-check.ts';
import { Charts } from '../charts/Charts.tsx';
import { RunView } from '../runs/RunView.tsx';
import type { RunState } from '../runs/store.ts';
import { InlineText, Markdown } from './Markdown.tsx';
import { parseInline } from './markdown.ts';
import type { LessonProgress } from './progress.ts';
import { expectationText, settingsText, splitLeadIn } from './step-text.ts';
import {
  evaluateExperiment,
  experimentBoundaries,
  type LessonExperiment,
} from '../../../../electron/common/lesson/lesson-experiment.ts';
import type { BlastState } from '../blast/BlastPage.tsx';
import { ExperimentView } from '../blast/ExperimentView.tsx';

/** Which experiment of which lesson the Blast radius state belongs to. */
export function experimentKey(lessonId: string, experiment: LessonExperiment): string {
  return `lesson:${lessonId}:${experiment.line}`;
}

/** What the experiment claims, in words. */
function experimentClaim(e: LessonExperiment): string {
  return experimentBoundaries(e.boundary)
    .map((b) => `${b === 'worker' ? 'threads' : 'processes'}: ${e.expect[b]!.lost} of ${e.neighbours} lost`)
    .join(' · ');
}

/**
 * A lesson's blast-radius experiment: its prose and settings, Run experiment (the Blast radius page's experiment,
 * started from here and shown here and there), the claim, and — once every boundary has ended — whether it held.
 */
function ExperimentSection(props: {
  readonly lessonId: string;
  readonly experiment: LessonExperiment;
  readonly blast: BlastState;
  readonly onRun: (experiment: LessonExperiment) => void;
}) {
  const { experiment: e, blast } = props;
  const mine = blast.origin === experimentKey(props.lessonId, e);
  const shown = mine ? blast.experiments : [];
  const busy = blast.experiments.some((x) => !x.ended);
  const results = shown.flatMap((x) => (x.ended && x.result ? [x.result] : []));
  const done = mine && shown.length > 0 && shown.every((x) => x.ended);
  const outcome = done ? evaluateExperiment(e, results) : undefined;
  return (
    <section className="lesson-step lesson-experiment" aria-label={`Experiment: ${e.title}`}>
      <h3>
        <span className="step-n">◎</span> {e.title}
      </h3>
      <Markdown text={e.prose} headingOffset={3} />
      <div className="step-code">
        <div className="step-settings">
          <span className="mute">
            {e.boundary === 'both' ? 'threads and processes, side by side' : e.boundary} · {e.misbehaviour} ·{' '}
            {e.neighbours} neighbours
          </span>
          <span className="step-buttons">
            <button
              className="primary"
              disabled={busy}
              title={busy ? 'An experiment is running' : 'Run the Blast radius experiment with these settings'}
              onClick={() => props.onRun(e)}
            >
              Run experiment
            </button>
          </span>
        </div>
      </div>
      <p className="expect-lead">The app should show:</p>
      <p className="expect">{experimentClaim(e)}</p>
      <Markdown text={e.watch} headingOffset={3} />
      <div className="step-outcome" role="status" aria-label={`Outcome of experiment ${e.title}`}>
        {mine && !done && <p className="mute">Running…</p>}
        {outcome && <Outcome outcome={outcome} what="this experiment" />}
      </div>
      {shown.length > 0 && (
        <div className="blast-results">
          {shown.map((x) => (
            <ExperimentView key={x.boundary} experiment={x} alone={shown.length === 1} />
          ))}
        </div>
      )}
    </section>
  );
}

/** A step's run in this session. */
export interface StepRun {
  readonly runId?: string;
  /** startRun refused it. */
  readonly error?: string;
  readonly outcome?: CheckOutcome;
  /** The lesson's check, when this step is the one it names. */
  readonly check?: CheckOutcome;
  /** The run card was closed (the outcome stays). */
  readonly hidden?: boolean;
}

export interface StepActions {
  readonly load: (step: LessonStep) => void;
  readonly run: (step: LessonStep) => void;
  readonly stop: (runId: string) => void;
  readonly clear: (runId: string) => void;
  readonly hide: (step: LessonStep) => void;
  /** Why the step's driver cannot run here, when it cannot. */
  readonly unavailable: (step: LessonStep) => string | undefined;
  /** Settings the driver panel cannot show (they still apply to Run step). */
  readonly notShown: (step: LessonStep) => readonly string[];
}

function Outcome(props: { readonly outcome: CheckOutcome; readonly what: string }) {
  const { outcome } = props;
  return (
    <div className={`outcome ${outcome.passed ? 'passed' : 'failed'}`}>
      <p>
        <strong>{outcome.passed ? '✓ Matched' : '✗ Did not match'}</strong>{' '}
        {outcome.passed ? `— the app observed what ${props.what} expects.` : `— ${props.what} expected otherwise.`}
      </p>
      <ul>
        {outcome.items.map((item, i) => (
          <li key={i} className={item.passed ? 'ok' : 'bad'}>
            {item.passed ? '✓' : '✗'} {item.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function StepView(props: {
  readonly step: LessonStep;
  readonly stepRun: StepRun | undefined;
  readonly run: RunState | undefined;
  /** What an earlier session recorded for this step. */
  readonly earlier: boolean | undefined;
  readonly actions: StepActions;
}) {
  const { step, stepRun, run, actions } = props;
  const running = stepRun?.runId !== undefined && !stepRun.outcome;
  const state = running
    ? 'running'
    : stepRun?.outcome
      ? stepRun.outcome.passed
        ? 'passed'
        : 'failed'
      : props.earlier === undefined
        ? 'not-run'
        : props.earlier
          ? 'passed-earlier'
          : 'failed-earlier';
  const unavailable = actions.unavailable(step);
  const notShown = actions.notShown(step);
  const watch = splitLeadIn(step.watch);
  return (
    // Named "Step N" only: titles are free text, and the page must not answer other controls' labels.
    <section className="lesson-step" aria-label={`Step ${step.n}`} data-step={step.n} data-state={state}>
      <h3>
        <span className="step-n">{step.n}</span> {step.title}
        {(state === 'passed' || state === 'passed-earlier') && (
          <span className="badge ok" title="The run matched the step's expectation">
            ✓ done
          </span>
        )}
      </h3>
      <Markdown text={step.prose} headingOffset={3} />
      <div className="step-code">
        <div className="step-settings">
          <span className="mute">{settingsText(step.request)}</span>
          <span className="step-buttons">
            <button onClick={() => actions.load(step)} title="Put this code and its settings into the workbench">
              Load step
            </button>
            <button
              className="primary"
              disabled={running || unavailable !== undefined}
              title={unavailable ?? 'Run this code under these settings, here'}
              onClick={() => actions.run(step)}
            >
              Run step
            </button>
          </span>
        </div>
        <pre className="md-code">
          <code>{step.code}</code>
        </pre>
        {unavailable && <p className="error">This step's driver is unavailable here: {unavailable}</p>}
        {notShown.length > 0 && (
          <p className="hint">
            The driver panel has no control for {notShown.join(', ')}: Load step leaves them out, Run step uses them.
          </p>
        )}
      </div>
      <p className="expect-lead">
        {watch.leadIn ? <InlineText nodes={parseInline(watch.leadIn)} /> : 'The app should show:'}
      </p>
      <p className="expect" title={JSON.stringify(step.expect)}>
        {expectationText(step.expect)}
      </p>
      <Markdown text={watch.rest} headingOffset={3} />
      <div className="step-outcome" role="status" aria-label={`Outcome of step ${step.n}`}>
        {stepRun?.error && <p className="error">{stepRun.error}</p>}
        {running && <p className="mute">Running…</p>}
        {stepRun?.outcome && <Outcome outcome={stepRun.outcome} what="this step" />}
        {!stepRun && props.earlier !== undefined && (
          <p className="mute">
            {props.earlier
              ? '✓ Matched when you ran it before.'
              : '✗ Did not match when you last ran it — run it again.'}
          </p>
        )}
      </div>
      {run && !stepRun?.hidden && (
        <div className="step-run">
          <RunView
            run={run}
            onStop={() => actions.stop(run.id)}
            onClear={() => actions.clear(run.id)}
            onClose={() => actions.hide(step)}
          />
          <Charts runs={[run]} />
        </div>
      )}
    </section>
  );
}

function Reference(props: { readonly reference: LessonReference }) {
  const { title, url } = props.reference;
  const at = title.indexOf(' — ');
  const name = at < 0 ? title : title.slice(0, at);
  const note = at < 0 ? '' : title.slice(at + 3);
  return (
    <li>
      <a href={url} target="_blank" rel="noopener noreferrer" title={url}>
        {name}
      </a>
      {note && (
        <>
          {' — '}
          <InlineText nodes={parseInline(note)} />
        </>
      )}
    </li>
  );
}

export function LessonView(props: {
  readonly lesson: Lesson;
  readonly stepRuns: Readonly<Record<number, StepRun>>;
  readonly runOf: (runId: string | undefined) => RunState | undefined;
  readonly progress: LessonProgress | undefined;
  readonly actions: StepActions;
  readonly onReset: () => void;
  /** The Blast radius page's state, where the lesson's experiments run. */
  readonly blast: BlastState;
  readonly onRunExperiment: (experiment: LessonExperiment) => void;
}) {
  const { lesson, stepRuns, progress, actions } = props;
  const experimentsAfter = (n: number) =>
    lesson.experiments
      .filter((e) => e.afterStep === n)
      .map((e) => (
        <ExperimentSection
          key={e.line}
          lessonId={lesson.id}
          experiment={e}
          blast={props.blast}
          onRun={props.onRunExperiment}
        />
      ));
  const checkedStep = lesson.steps.find((s) => s.n === lesson.check.step);
  const checkRun = stepRuns[lesson.check.step];
  const check = checkRun?.check;
  const checkRunning = checkRun?.runId !== undefined && !checkRun.outcome;
  const earlierCheck = progress?.check;
  const checkState = check ? (check.passed ? 'passed' : 'failed') : checkRunning ? 'running' : 'not-run';
  const doneSteps = lesson.steps.filter((s) => progress?.steps[String(s.n)] === true).length;
  return (
    <article className="lesson" data-lesson={lesson.id}>
      <header className="lesson-head">
        <h2>{lesson.title}</h2>
        <span className="mute">
          {doneSteps}/{lesson.steps.length} steps done · check{' '}
          {progress?.check === true ? 'passed' : progress?.check === false ? 'failed' : 'not run'}
        </span>
        <button className="small" onClick={props.onReset} title="Forget this lesson's progress">
          Start over
        </button>
      </header>
      <p className="lesson-summary mute">{lesson.summary}</p>
      <Markdown text={lesson.intro} className="lesson-intro" />
      {experimentsAfter(0)}
      {lesson.steps.map((step) => (
        <Fragment key={step.n}>
          <StepView
            step={step}
            stepRun={stepRuns[step.n]}
            run={props.runOf(stepRuns[step.n]?.runId)}
            earlier={progress?.steps[String(step.n)]}
            actions={actions}
          />
          {experimentsAfter(step.n)}
        </Fragment>
      ))}
      <section className="lesson-check" aria-label="Check" data-state={checkState}>
        <h3>{lesson.check.title}</h3>
        <Markdown text={lesson.check.prose} headingOffset={3} />
        <p className="expect-lead">The app checks step {lesson.check.step}'s run for:</p>
        <p className="expect" title={JSON.stringify(lesson.check.expect)}>
          {expectationText(lesson.check.expect)}
        </p>
        <div role="status" aria-label="Check result">
          {check ? (
            <div className={`check-result ${check.passed ? 'passed' : 'failed'}`}>
              <p>
                <strong>{check.passed ? 'Check passed' : 'Check failed'}</strong>: {check.explanation}
              </p>
            </div>
          ) : checkRunning ? (
            <p className="mute">Running step {lesson.check.step}…</p>
          ) : (
            <p className="mute">
              {earlierCheck === undefined
                ? `Not checked yet: run step ${lesson.check.step} and the app checks what it saw.`
                : earlierCheck
                  ? 'Check passed when you ran it before.'
                  : 'Check failed when you last ran it: run the step again.'}
            </p>
          )}
        </div>
        {checkedStep && (
          <button
            disabled={checkRunning || actions.unavailable(checkedStep) !== undefined}
            onClick={() => actions.run(checkedStep)}
          >
            Run step {checkedStep.n} and check
          </button>
        )}
      </section>
      <section className="lesson-refs" aria-label="References">
        <h3>References</h3>
        <ul>
          {lesson.references.map((r, i) => (
            <Reference key={i} reference={r} />
          ))}
        </ul>
      </section>
    </article>
  );
}
