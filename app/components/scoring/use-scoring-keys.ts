import { useEffect } from "react";

export type ScoringKeyHandlers = {
  /** Number key 1..9 without Shift: the n-th option of the active criterion. */
  answer: (optionIndex: number) => void;
  /** Shift + number key: the n-th root cause of the active criterion. */
  rootCause: (index: number) => void;
  notApplicable: () => void;
  move: (delta: number) => void;
  focusComment: () => void;
  save: () => void;
  submit: () => void;
};

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === "TEXTAREA" ||
    target.tagName === "SELECT" ||
    (target.tagName === "INPUT" && (target as HTMLInputElement).type === "text")
  );
}

/**
 * Scoring by keyboard: 1-9 answer, Shift+1-9 root cause, N not applicable, J/K or arrows move, C comment,
 * Escape leaves a text field, Ctrl/Cmd+S saves, Ctrl/Cmd+Enter submits.
 */
export function useScoringKeys(handlers: ScoringKeyHandlers, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent) {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key.toLowerCase() === "s") {
        event.preventDefault();
        handlers.save();
        return;
      }
      if (mod && event.key === "Enter") {
        event.preventDefault();
        handlers.submit();
        return;
      }
      if (isTyping(event.target)) {
        if (event.key === "Escape") (event.target as HTMLElement).blur();
        return;
      }
      if (mod || event.altKey) return;
      const digit = /^Digit([1-9])$/.exec(event.code);
      if (digit) {
        event.preventDefault();
        if (event.shiftKey) handlers.rootCause(Number(digit[1]) - 1);
        else handlers.answer(Number(digit[1]) - 1);
        return;
      }
      switch (event.key) {
        case "n":
        case "N":
          event.preventDefault();
          handlers.notApplicable();
          break;
        case "j":
        case "ArrowDown":
          event.preventDefault();
          handlers.move(1);
          break;
        case "k":
        case "ArrowUp":
          event.preventDefault();
          handlers.move(-1);
          break;
        case "c":
          event.preventDefault();
          handlers.focusComment();
          break;
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [handlers, enabled]);
}
