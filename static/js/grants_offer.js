// The offer editor, enhanced: autosave, rows added in place, live sums. Everything works without it (the
// Save and "Add a row" buttons post the form; the server computes the sums again on every save).
// Money is computed in whole grosze with BigInt, never with floating point.
(() => {
  "use strict";

  const AUTOSAVE_EVERY_MS = 20000;

  // --- Numbers ----------------------------------------------------------------------------------------------

  const clean = (text) => String(text || "").replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");

  // "1 234,5" → 123450n (grosze); "" → 0n; unreadable → null.
  function grosze(text) {
    const value = clean(text);
    if (value === "") return 0n;
    const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(value);
    if (!match) return null;
    return BigInt(match[1]) * 100n + BigInt((match[2] || "").padEnd(2, "0"));
  }

  // "2,5" → 2500n (thousandths of a unit); "" → 0n; unreadable → null.
  function milli(text) {
    const value = clean(text);
    if (value === "") return 0n;
    const match = /^(\d{1,9})(?:\.(\d{1,3}))?$/.exec(value);
    if (!match) return null;
    return BigInt(match[1]) * 1000n + BigInt((match[2] || "").padEnd(3, "0"));
  }

  // unit cost × units, rounded half up to the grosz (as the server's ROUND_HALF_UP).
  const lineValue = (unitCost, units) => (unitCost * units + 500n) / 1000n;

  // part / whole in hundredths of a percent, rounded half up.
  const shareOf = (part, whole) => (whole === 0n ? 0n : (part * 20000n + whole) / (2n * whole));

  const polish = () => (document.documentElement.lang || "pl").startsWith("pl");

  function group(digits, separator) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  }

  // 123450n → "1 234,50" (Polish) or "1,234.50" (English).
  function money(value) {
    const negative = value < 0n;
    const absolute = negative ? -value : value;
    const whole = (absolute / 100n).toString();
    const cents = (absolute % 100n).toString().padStart(2, "0");
    const pl = polish();
    return (negative ? "−" : "") + group(whole, pl ? "\u00a0" : ",") + (pl ? "," : ".") + cents;
  }

  const percent = (hundredths) => money(hundredths);

  // --- Rows added in place ------------------------------------------------------------------------------------

  function randomId() {
    const bytes = new Uint8Array(5);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function enhanceFormset(fieldset) {
    const name = fieldset.dataset.formset;
    const list = fieldset.querySelector("[data-rows]");
    const template = fieldset.querySelector("template[data-empty-row]");
    const button = fieldset.querySelector("[data-add-row]");
    const total = fieldset.querySelector(`input[name="${name}-TOTAL_FORMS"]`);
    if (!list || !template || !button || !total) return;
    button.addEventListener("click", (event) => {
      event.preventDefault();
      const index = Number(total.value);
      const html = template.innerHTML.replaceAll("__prefix__", String(index)).replaceAll("__number__", String(index + 1));
      const holder = document.createElement("div");
      holder.innerHTML = html.trim();
      const row = holder.firstElementChild;
      row.querySelectorAll("[data-row-id]").forEach((input) => { input.value = randomId(); });
      list.appendChild(row);
      total.value = String(index + 1);
      const first = row.querySelector("input:not([type=hidden]), select, textarea");
      (first || row).focus();
      const form = fieldset.closest("form");
      if (form) form.dispatchEvent(new CustomEvent("offer:changed", { bubbles: true }));
    });
  }

  // --- Live sums on the costs page ------------------------------------------------------------------------------

  function setOutput(element, text, unreadable) {
    if (!element) return;
    element.textContent = text;
    element.classList.toggle("unreadable", Boolean(unreadable));
  }

  function recompute(root) {
    const sums = { activity: 0n, administrative: 0n };
    const byYear = new Map();
    const byOfferor = new Map();
    let unreadable = false;
    root.querySelectorAll("[data-rows] > [data-row]").forEach((row) => {
      const unitCost = grosze(row.querySelector("[data-money][name$='-unit_cost']")?.value);
      const units = milli(row.querySelector("[data-quantity]")?.value);
      const output = row.querySelector("[data-line-value]");
      if (unitCost === null || units === null) {
        unreadable = true;
        setOutput(output, "?", true);
        return;
      }
      const value = lineValue(unitCost, units);
      setOutput(output, money(value), false);
      const category = row.querySelector("select[name$='-category']")?.value || "activity";
      sums[category === "administrative" ? "administrative" : "activity"] += value;
      const offeror = row.querySelector("select[name$='-offeror']");
      const key = offeror ? offeror.value : "0";
      byOfferor.set(key, (byOfferor.get(key) || 0n) + value);
      const yearInputs = row.querySelectorAll("input[data-year]");
      let split = false;
      yearInputs.forEach((input) => {
        const amount = grosze(input.value);
        if (amount === null) { unreadable = true; return; }
        if (clean(input.value) !== "") split = true;
        byYear.set(input.dataset.year, (byYear.get(input.dataset.year) || 0n) + amount);
      });
      if (!split && root.dataset.singleYear) {
        byYear.set(root.dataset.singleYear, (byYear.get(root.dataset.singleYear) || 0n) + value);
      }
    });
    const total = sums.activity + sums.administrative;
    setOutput(root.querySelector("[data-sum='activity']"), money(sums.activity));
    setOutput(root.querySelector("[data-sum='administrative']"), money(sums.administrative));
    setOutput(root.querySelector("[data-sum='total']"), money(total));
    setOutput(root.querySelector("[data-share='administrative']"), percent(shareOf(sums.administrative, total)));
    root.querySelectorAll("[data-sum-year]").forEach((output) => {
      setOutput(output, money(byYear.get(output.dataset.sumYear) || 0n));
    });
    root.querySelectorAll("[data-sum-offeror]").forEach((output) => {
      setOutput(output, money(byOfferor.get(output.dataset.sumOfferor) || 0n));
    });

    const funding = {};
    ["grant", "own_financial", "own_non_financial", "beneficiary_fees"].forEach((key) => {
      const value = grosze(root.querySelector(`input[name='funding-${key}']`)?.value);
      if (value === null) unreadable = true;
      funding[key] = value === null ? 0n : value;
      setOutput(root.querySelector(`[data-share='${key}']`), value === null ? "?" : percent(shareOf(funding[key], total)),
        value === null);
    });
    const own = funding.own_financial + funding.own_non_financial;
    const fundingTotal = own + funding.grant + funding.beneficiary_fees;
    setOutput(root.querySelector("[data-sum='own']"), money(own));
    setOutput(root.querySelector("[data-share='own']"), percent(shareOf(own, total)));
    setOutput(root.querySelector("[data-sum='funding']"), money(fundingTotal));
    return { unreadable, difference: fundingTotal - total };
  }

  function enhanceCosts(root) {
    const balance = root.querySelector("[data-balance]");
    let timer = null;
    const announce = (result) => {
      if (!balance) return;
      let text;
      if (result.unreadable) text = balance.dataset.unreadableText;
      else if (result.difference === 0n) text = balance.dataset.matchText;
      else if (result.difference > 0n) text = balance.dataset.moreText.replace("%s", money(result.difference));
      else text = balance.dataset.lessText.replace("%s", money(-result.difference));
      if (balance.textContent !== text) balance.textContent = text;
      balance.classList.toggle("balance--ok", !result.unreadable && result.difference === 0n);
      balance.classList.toggle("balance--off", result.unreadable || result.difference !== 0n);
    };
    const update = () => {
      const result = recompute(root);
      // The polite announcement waits until typing pauses, so a screen reader is not flooded.
      window.clearTimeout(timer);
      timer = window.setTimeout(() => announce(result), 900);
    };
    root.addEventListener("input", update);
    root.addEventListener("change", update);
    root.closest("form")?.addEventListener("offer:changed", update);
    announce(recompute(root));
  }

  // --- Autosave -------------------------------------------------------------------------------------------------------

  function enhanceAutosave(form) {
    const status = document.querySelector("[data-autosave-status]");
    let dirty = false;
    let saving = null; // the autosave under way, if any
    let submitting = false;

    const say = (text, failed) => {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle("autosave-status--failed", Boolean(failed));
    };

    function save() {
      if (!dirty || saving || submitting) return;
      saving = send().finally(() => { saving = null; });
    }

    async function send() {
      dirty = false;
      say(form.dataset.savingText || "…", false);
      try {
        // Not form.action: the Save buttons are named "action" and would shadow it.
        const response = await fetch(form.getAttribute("action") || window.location.href, {
          method: "POST",
          body: new FormData(form),
          headers: { "X-Autosave": "1", "X-Requested-With": "fetch" },
          credentials: "same-origin",
        });
        const answer = await response.json().catch(() => ({}));
        if (response.ok && answer.ok) {
          say(answer.message, false);
        } else {
          dirty = true;
          say(answer.message || form.dataset.failedText, true);
        }
      } catch (error) {
        dirty = true;
        say(form.dataset.failedText, true);
      }
    }

    form.addEventListener("input", () => { dirty = true; });
    form.addEventListener("offer:changed", () => { dirty = true; });
    // Saved when a field is left after a change, and every few seconds while typing goes on.
    form.addEventListener("change", () => { dirty = true; save(); });
    // A button pressed while an autosave is on its way waits for it, so the two never race.
    form.addEventListener("submit", (event) => {
      submitting = true;
      if (saving) {
        event.preventDefault();
        const submitter = event.submitter;
        saving.then(() => { saving = null; form.requestSubmit(submitter); });
      }
    });
    window.setInterval(save, AUTOSAVE_EVERY_MS);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("fieldset[data-formset]").forEach(enhanceFormset);
    document.querySelectorAll("[data-costs]").forEach(enhanceCosts);
    document.querySelectorAll("form[data-autosave]").forEach(enhanceAutosave);
  });
})();
