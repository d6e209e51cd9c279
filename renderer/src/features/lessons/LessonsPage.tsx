/**
 * The Lessons page: the lessons (resources/lessons/) with their progress on the left, the open lesson on
 * the right. "Run step" starts the step's own run request (every setting of its fence) and shows the run
 * live; when it ends, the result is judged here with the same pure evaluators the lessons' honesty test
 * uses (evaluateStepRun, evaluateLessonCheck). "Load step" puts the step into the workbench instead.
 * Progress is kept in localStorage.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ApiClient } from '../../../../electron/common/api/client.ts';
import type { DriverListing, LessonListing } from '../../../../electron/common/api/types.ts';
import type { Lesson, LessonStep } from '../../../../electron/common/lesson/lesson.ts';
import { evaluateLessonCheck, evaluateStepRun } from '../../../../electron/common/lesson/lesson-check.ts';
import type { RunResult } from '../../../../electron/common/run/result.ts';
import type { RunSettings } from '../drivers/run-settings.ts';
import type { RunStore } from '../runs/store.ts';
import { inputSettings } from '../drivers/run-settings.ts';
import { LessonView, experimentKey, type StepActions, type StepRun } from './LessonView.tsx';
import { startExperiments, type BlastState } from '../blast/BlastPage.tsx';
import { loadProgress, recordRun, resetLesson, saveProgress, summarize, type Progress } from './progress.ts';
import { stepDriver } from './step-text.ts';
import type { Language } from '../../../../electron/common/run/run-spec.ts';

const OPEN_KEY = 'workbench.lessons.open';

type StepRuns = Readonly<Record<string, Readonly<Record<number, StepRun>>>>;

function setStep(all: StepRuns, lessonId: string, n: number, change: (r: StepRun | undefined) => StepRun): StepRuns {
  const lesson = all[lessonId] ?? {};
  return { ...all, [lessonId]: { ...lesson, [n]: change(lesson[n]) } };
}

function LessonList(props: {
  readonly lessons: readonly LessonListing[];
  readonly openId: string | undefined;
  readonly progress: Progress;
  readonly error: string | undefined;
  readonly onOpen: (id: string) => void;
}) {
  return (
    <section className="sidebar lesson-list" aria-label="Lesson list">
      <h2>Lessons</h2>
      {props.error && <p className="error">{props.error}</p>}
      {!props.error && props.lessons.length === 0 && <p className="mute">Loading…</p>}
      <ol>
        {props.lessons.map((l) => {
          const { done, checkPassed } = summarize(props.progress[l.id], l.steps);
          return (
            <li key={l.id}>
              <button
                className={l.id === props.openId ? 'lesson-item current' : 'lesson-item'}
                aria-current={l.id === props.openId ? 'true' : undefined}
                title={l.summary}
                onClick={() => props.onOpen(l.id)}
              >
                <span className="lesson-title">{l.title}</span>
                <span className="lesson-progress">
                  {done}/{l.steps} steps{checkPassed ? ' · ✓ check passed' : ''}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function LessonsPage(props: {
  readonly client: ApiClient;
  readonly store: RunStore;
  readonly drivers: readonly DriverListing[];
  /** Put a step's code and settings into the workbench (and show it). */
  readonly onLoadStep: (code: string, language: Language, settings: RunSettings) => void;
  /** The Blast radius page's state: a lesson's experiment runs there and is shown in both places. */
  readonly blast: BlastState;
  readonly onBlastState: (update: (s: BlastState) => BlastState) => void;
}) {
  const { client, store, drivers, onLoadStep } = props;
  useSyncExternalStore(store.subscribe, store.getVersion);
  const [lessons, setLessons] = useState<readonly LessonListing[]>([]);
  const [listError, setListError] = useState<string | undefined>();
  const [openId, setOpenId] = useState<string | undefined>(() => localStorage.getItem(OPEN_KEY) ?? undefined);
  const [lesson, setLesson] = useState<Lesson | undefined>();
  const [lessonError, setLessonError] = useState<string | undefined>();
  const [progress, setProgress] = useState<Progress>(() => loadProgress(localStorage));
  const [stepRuns, setStepRuns] = useState<StepRuns>({});
  /** Runs started here and not judged yet: which lesson step each one is. */
  const pending = useRef(new Map<string, { lesson: Lesson; step: LessonStep }>());

  useEffect(
    () => void client.call('listLessons', {}).then(setLessons, (e: Error) => setListError(`Lessons: ${e.message}`)),
    [client],
  );
  const shownId = openId && lessons.some((l) => l.id === openId) ? openId : lessons[0]?.id;
  useEffect(() => {
    if (!shownId) return;
    localStorage.setItem(OPEN_KEY, shownId);
    let live = true;
    client.call('getLesson', { id: shownId }).then(
      (l) => {
        if (!live) return;
        setLesson(l);
        setLessonError(undefined);
      },
      (e: Error) => live && setLessonError(`${shownId}: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, [client, shownId]);
  useEffect(() => saveProgress(localStorage, progress), [progress]);

  const judge = useCallback((runId: string, result: RunResult) => {
    const p = pending.current.get(runId);
    if (!p) return;
    pending.current.delete(runId);
    const outcome = evaluateStepRun(stepDriver(p.step.request), p.step.expect, result);
    const check = p.lesson.check.step === p.step.n ? evaluateLessonCheck(p.lesson, result) : undefined;
    setStepRuns((all) =>
      setStep(all, p.lesson.id, p.step.n, (r) =>
        r?.runId === runId ? { ...r, outcome, ...(check ? { check } : {}) } : (r ?? {}),
      ),
    );
    setProgress((prev) => recordRun(prev, p.lesson.id, p.step.n, outcome.passed, check?.passed));
  }, []);
  useEffect(() => client.subscribe('runEnd', (e) => judge(e.runId, e.result)), [client, judge]);

  const byId = new Map(drivers.map((d) => [d.id, d]));
  const actions: StepActions | undefined = lesson && {
    load: (step) => onLoadStep(step.code, step.language, inputSettings(step.request).settings),
    run: (step) => {
      const current = lesson;
      setStepRuns((all) => setStep(all, current.id, step.n, () => ({})));
      client.call('startRun', step.request).then(
        (started) => {
          store.started(started.id, started.driver, step.request.limits?.memoryMb);
          pending.current.set(started.id, { lesson: current, step });
          setStepRuns((all) => setStep(all, current.id, step.n, () => ({ runId: started.id })));
          // A run this short may have ended before its id came back.
          const ended = store.get(started.id)?.result;
          if (ended) judge(started.id, ended);
        },
        (e: Error) => setStepRuns((all) => setStep(all, current.id, step.n, () => ({ error: e.message }))),
      );
    },
    stop: (runId) => void client.call('stopRun', { id: runId }),
    clear: (runId) => store.clearOutput(runId),
    hide: (step) => setStepRuns((all) => setStep(all, lesson.id, step.n, (r) => ({ ...r, hidden: true }))),
    unavailable: (step) => {
      const d = byId.get(stepDriver(step.request));
      return d && !d.available ? (d.reason ?? 'not available on this machine') : undefined;
    },
    notShown: (step) => inputSettings(step.request).notShown,
  };

  return (
    <div className="lessons-page">
      <LessonList
        lessons={lessons}
        openId={shownId}
        progress={progress}
        error={listError}
        onOpen={(id) => {
          setOpenId(id);
          if (id !== lesson?.id) setLesson(undefined);
        }}
      />
      <div className="lesson-main">
        {lessonError && (
          <p className="error" role="alert">
            {lessonError}
          </p>
        )}
        {lesson && actions && lesson.id === shownId ? (
          <LessonView
            lesson={lesson}
            stepRuns={stepRuns[lesson.id] ?? {}}
            runOf={(id) => (id ? store.get(id) : undefined)}
            progress={progress[lesson.id]}
            actions={actions}
            blast={props.blast}
            onRunExperiment={(e) =>
              void startExperiments(
                client,
                {
                  boundary: e.boundary,
                  misbehaviour: e.misbehaviour,
                  neighbours: e.neighbours,
                  origin: experimentKey(lesson.id, e),
                },
                props.onBlastState,
              )
            }
            onReset={() => {
              setProgress((p) => resetLesson(p, lesson.id));
              setStepRuns((all) => ({ ...all, [lesson.id]: {} }));
            }}
          />
        ) : (
          !lessonError && lessons.length > 0 && <p className="mute empty">Loading the lesson…</p>
        )}
      </div>
    </div>
  );
}
