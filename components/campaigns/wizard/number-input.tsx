"use client";
// A whole-number input that lets you clear it while typing: it reports valid numbers
// (clamped to min…max) as you type and shows the last valid one again when you leave it.
import { useEffect, useState, type InputHTMLAttributes } from "react";
import { cn } from "../../ui/cn";

type TProps = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "min" | "max" | "type"> & {
  value: number;
  onValue: (v: number) => void;
  min: number;
  max: number;
  decimals?: boolean;
};

export function NumberInput({ value, onValue, min, max, decimals = false, className, onBlur, ...rest }: TProps) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setText((t) => (Number(t) === value && t !== "" ? t : String(value)));
  }, [value]);
  return (
    <input
      {...rest}
      type="number"
      inputMode={decimals ? "decimal" : "numeric"}
      min={min}
      max={max}
      step={decimals ? "any" : 1}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const n = Number(e.target.value);
        if (e.target.value !== "" && Number.isFinite(n)) onValue(Math.max(min, Math.min(max, decimals ? n : Math.round(n))));
      }}
      onBlur={(e) => {
        setText(String(value));
        onBlur?.(e);
      }}
      className={cn("h-8 rounded-md border border-slate-300 bg-white px-2 text-sm tabular-nums focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 disabled:bg-slate-100", className)}
    />
  );
}
