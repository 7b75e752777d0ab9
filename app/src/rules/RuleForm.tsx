import { formatRuleAsCommand } from "@nfx/iptables-save";
import {
  CT_STATES,
  type HookName,
  PKT_TYPES,
  REJECT_WITH,
  type RejectWith,
  type TableName,
  type TargetKind,
} from "@nfx/model";
import { type ChainHit, targetAllowed } from "@nfx/ruleset-edit";
import { Fragment, type ReactNode, useId, useState } from "react";
import { useT } from "../i18n/use-t";
import { FindBox } from "./FindBox";
import type { JumpTargets } from "./jump-targets";
import { buildRule, EMPTY_FORM, type RuleFormValues } from "./rule-form-model";
import { FORM_TARGETS, TARGET_FORMS, type TargetControl } from "./target-forms";

interface Props {
  readonly table: TableName;
  readonly chain: string;
  /** Hooks that reach this chain: its own for a built-in chain, every reaching base chain for a user chain. */
  readonly hooks: readonly HookName[];
  readonly jumpTargets: JumpTargets;
  readonly ruleCount: number;
  /** 1-based position the form opens with (ruleCount + 1: append). */
  readonly initialPosition: number;
  readonly onSubmit: (rule: NonNullable<ReturnType<typeof buildRule>["rule"]>, index: number) => void;
  readonly onCancel: () => void;
}

/** The rule form: every field checked as typed, the command shown live, targets only where the kernel allows. */
export function RuleForm({ table, chain, hooks, jumpTargets, ruleCount, initialPosition, onSubmit, onCancel }: Props) {
  const t = useT();
  const [v, setV] = useState<RuleFormValues>(EMPTY_FORM);
  const [position, setPosition] = useState(String(initialPosition));
  const id = useId();
  const { rule, errors } = buildRule(v);
  const where = hooks.length === 1 && hooks[0] === chain ? hooks[0] : hooks;
  const allowed = (t: TargetKind) => targetAllowed(table, where, t);
  const targetCheck = allowed(v.target);
  const pos = Number(position);
  const posOk = Number.isInteger(pos) && pos >= 1 && pos <= ruleCount + 1;
  const set = <K extends keyof RuleFormValues>(k: K, value: RuleFormValues[K]) =>
    setV((old) => ({ ...old, [k]: value }));
  const text = (
    k: "src" | "dst" | "inIface" | "outIface" | "sport" | "dport" | "comment" | "to" | "logPrefix" | "mark",
    label: string,
    hint?: string,
  ) => (
    <label className="field" htmlFor={`${id}-${k}`}>
      <span>{label}</span>
      <input
        id={`${id}-${k}`}
        data-field={k}
        value={v[k]}
        aria-invalid={errors[k] ? true : undefined}
        title={hint}
        placeholder={hint}
        onChange={(e) => set(k, e.currentTarget.value)}
      />
      {errors[k] ? <em className="field-error">{errors[k]}</em> : null}
    </label>
  );
  /** The controls a target's form asks for (target-forms.ts), each drawn once here. */
  const controls: Readonly<Record<TargetControl, () => ReactNode>> = {
    "reject-with": () => (
      <label className="field" htmlFor={`${id}-with`}>
        <span>{t.rules.form.rejectWith}</span>
        <select
          id={`${id}-with`}
          value={v.rejectWith}
          onChange={(e) => set("rejectWith", e.currentTarget.value as RejectWith)}
        >
          {REJECT_WITH.map((w) => (
            <option key={w}>{w}</option>
          ))}
        </select>
      </label>
    ),
    "jump-to": () =>
      jumpTargets.kind === "listed" ? (
        <label className="field" htmlFor={`${id}-jump`}>
          <span>{t.rules.form.jumpTo}</span>
          <select id={`${id}-jump`} value={v.jumpTo} onChange={(e) => set("jumpTo", e.currentTarget.value)}>
            <option value="">—</option>
            {jumpTargets.chains
              .filter((c) => c !== chain)
              .map((c) => (
                <option key={c}>{c}</option>
              ))}
          </select>
        </label>
      ) : (
        <div className="field field--jump-search">
          <span>
            {t.rules.form.jumpTo}:{" "}
            <code className="mono" data-testid="jump-chosen">
              {v.jumpTo || "—"}
            </code>
          </span>
          <FindBox<ChainHit>
            label={t.rules.findChain}
            testId="jump-search"
            hitsTestId="jump-hits"
            deps={[jumpTargets.find]}
            find={jumpTargets.find}
            summary={t.rules.chainHits}
            hitKey={(h) => h.chain}
            renderHit={(h) => (
              <>
                <code className="mono">{h.chain}</code>{" "}
                <span className="muted">
                  {t.rules.rules(h.ruleCount)}
                  {h.comment ? ` · ${h.comment}` : ""}
                </span>
              </>
            )}
            onPick={(h) => set("jumpTo", h.chain)}
          />
        </div>
      ),
    "to-address": () => text("to", t.rules.form.toDest, "10.0.0.2:80"),
    "to-ports": () => text("to", t.rules.form.toPorts, "8080 or 1024:65535"),
    "log-prefix": () => text("logPrefix", t.rules.form.logPrefix),
    mark: () => text("mark", t.rules.form.mark, "0x1"),
  };
  const command = rule
    ? formatRuleAsCommand(table, chain, rule).replace(
        ` -A ${chain}`,
        posOk && pos <= ruleCount ? ` -I ${chain} ${pos}` : ` -A ${chain}`,
      )
    : null;
  return (
    <form
      className="rule-form"
      data-testid="rule-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (rule && targetCheck.ok && posOk) onSubmit(rule, pos - 1);
      }}
    >
      <h4>{t.rules.form.title(chain)}</h4>
      <div className="form-grid">
        <label className="field" htmlFor={`${id}-pos`}>
          <span>{t.rules.form.position}</span>
          <input
            id={`${id}-pos`}
            type="number"
            min={1}
            max={ruleCount + 1}
            value={position}
            onChange={(e) => setPosition(e.currentTarget.value)}
          />
        </label>
        <label className="field" htmlFor={`${id}-proto`}>
          <span>{t.rules.form.proto}</span>
          <select
            id={`${id}-proto`}
            data-field="proto"
            value={v.proto}
            onChange={(e) => set("proto", e.currentTarget.value as RuleFormValues["proto"])}
          >
            <option value="">{t.rules.form.any}</option>
            <option value="tcp">tcp</option>
            <option value="udp">udp</option>
            <option value="icmp">icmp</option>
          </select>
        </label>
        <label className="field" htmlFor={`${id}-pkttype`}>
          <span>{t.rules.form.pktType}</span>
          <select
            id={`${id}-pkttype`}
            data-field="pktType"
            value={v.pktType}
            onChange={(e) => set("pktType", e.currentTarget.value as RuleFormValues["pktType"])}
          >
            <option value="">{t.rules.form.any}</option>
            {PKT_TYPES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        {text("src", t.rules.form.src, t.rules.form.cidrHint)}
        {text("dst", t.rules.form.dst, t.rules.form.cidrHint)}
        {text("inIface", t.rules.form.inIface, t.rules.form.ifaceHint)}
        {text("outIface", t.rules.form.outIface, t.rules.form.ifaceHint)}
        {text("sport", t.rules.form.sport, t.rules.form.portHint)}
        {text("dport", t.rules.form.dport, t.rules.form.portHint)}
        {text("comment", t.rules.form.comment)}
      </div>
      <fieldset className="ctstates">
        <legend>{t.rules.form.ctstate}</legend>
        {CT_STATES.slice(0, 4).map((s) => (
          <label key={s}>
            <input
              type="checkbox"
              checked={v.ctstate.includes(s)}
              onChange={(e) =>
                set("ctstate", e.currentTarget.checked ? [...v.ctstate, s] : v.ctstate.filter((x) => x !== s))
              }
            />
            {s}
          </label>
        ))}
      </fieldset>
      <fieldset className="ctstates" data-field="ecn">
        <legend>{t.rules.form.ecn}</legend>
        {(["ece", "cwr"] as const).map((f) => (
          <label key={f} title={t.rules.form.ecnFlagHint}>
            <input
              type="checkbox"
              checked={v.ecnFlags.includes(f)}
              onChange={(e) =>
                set("ecnFlags", e.currentTarget.checked ? [...v.ecnFlags, f] : v.ecnFlags.filter((x) => x !== f))
              }
            />
            {f.toUpperCase()}
          </label>
        ))}
        <label htmlFor={`${id}-ect`}>
          {t.rules.form.ecnField}{" "}
          <select
            id={`${id}-ect`}
            value={v.ecnEct}
            onChange={(e) => set("ecnEct", e.currentTarget.value as RuleFormValues["ecnEct"])}
          >
            <option value="">{t.rules.form.any}</option>
            {(["0", "1", "2", "3"] as const).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        {errors.ecnFlags ? <em className="field-error">{errors.ecnFlags}</em> : null}
      </fieldset>
      <div className="form-grid">
        <label className="field" htmlFor={`${id}-target`}>
          <span>{t.rules.form.target}</span>
          <select
            id={`${id}-target`}
            data-field="target"
            value={v.target}
            onChange={(e) => set("target", e.currentTarget.value as TargetKind)}
          >
            {FORM_TARGETS.map((target) => {
              const ok = allowed(target);
              return (
                <option
                  key={target}
                  value={target}
                  disabled={!ok.ok}
                  title={ok.ok ? undefined : t.rules.form.placement(ok)}
                >
                  {target === "jump" ? t.rules.form.jumpOption : target}
                  {ok.ok ? "" : ` (${t.rules.form.notHere})`}
                </option>
              );
            })}
          </select>
        </label>
        {TARGET_FORMS[v.target]?.controls.map((c) => <Fragment key={c}>{controls[c]()}</Fragment>) ?? null}
      </div>
      {!targetCheck.ok ? (
        <p className="field-error" role="alert">
          {v.target}: {t.rules.form.placement(targetCheck)}
        </p>
      ) : null}
      <p className="form-command">
        <span>{t.rules.form.command}</span>{" "}
        <code className="mono" data-testid="form-command">
          {command ?? "…"}
        </code>
      </p>
      <div className="form-actions">
        <button type="submit" disabled={!rule || !targetCheck.ok || !posOk}>
          {t.rules.form.add}
        </button>
        <button type="button" onClick={onCancel}>
          {t.rules.form.cancel}
        </button>
      </div>
    </form>
  );
}
