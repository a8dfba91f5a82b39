import { html, css } from 'lit';

export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');

export const statusBadge = (status) => html`<span class="badge s-${status}">${status}</span>`;

export const tableStyles = css`
  :host { display: block; padding: 16px 20px; }
  h2 { font-size: 18px; margin: 0 0 12px; }
  table { border-collapse: collapse; width: 100%; background: #fff; font-size: 13px; }
  th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #d0d7de; }
  th { background: #f6f8fa; font-weight: 600; }
  a { color: #0969da; text-decoration: none; }
  .badge { font: 600 11px system-ui, sans-serif; padding: 1px 7px; border-radius: 10px; background: #eaeef2; }
  .s-RUNNING, .s-ACTIVATED { background: #ddf4ff; color: #0550ae; }
  .s-SUCCEEDED { background: #dafbe1; color: #116329; }
  .s-FAILED, .s-TIMED_OUT, .s-CANCELLED { background: #ffebe9; color: #82071e; }
  .s-STALLED, .s-PAUSED, .s-RETRY_WAIT { background: #fff8c5; color: #7d4e00; }
  .error { color: #cf222e; }
  .button, button { display: inline-block; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px;
    padding: 4px 12px; color: #24292f; cursor: pointer; font: inherit; font-size: 13px; }
  select, input { font: inherit; font-size: 13px; padding: 3px 6px; }
  code { font-size: 12px; }
`;
