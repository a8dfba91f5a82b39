// Calls to the Varflow API. Errors come back as the API's JSON error shape; they are thrown with its message.
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function call(method, path, body, contentType = 'application/json') {
  // X-Requested-With marks the UI's own calls: with the UI's login on, only they may use its session cookie.
  const init = { method, headers: { Accept: 'application/json', 'X-Requested-With': 'JavaScript' },
    credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = contentType;
    init.body = contentType === 'application/json' ? JSON.stringify(body) : body;
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const api = {
  me: () => call('GET', '/api/me'),
  plugins: () => call('GET', '/api/plugins'),
  workflows: () => call('GET', '/api/workflows/overview'),
  source: (name, version) =>
    call('GET', `/api/workflows/${encodeURIComponent(name)}/source${version ? `?version=${version}` : ''}`),
  graph: (name, version) =>
    call('GET', `/api/workflows/${encodeURIComponent(name)}/graph${version ? `?version=${version}` : ''}`),
  view: (yaml, file) => call('POST', '/api/editor/view', { yaml, file }),
  edit: (yaml, file, edit) => call('POST', '/api/editor/edit', { yaml, file, edit }),
  save: (yaml, file) => call('POST', `/api/workflows?file=${encodeURIComponent(file)}`, yaml, 'application/yaml'),
  runs: (status, workflow) => {
    const q = new URLSearchParams({ limit: '200' });
    if (status) q.set('status', status);
    if (workflow) q.set('workflow', workflow);
    return call('GET', `/api/runs?${q}`);
  },
  run: (id) => call('GET', `/api/runs/${encodeURIComponent(id)}`),
  history: (id) => call('GET', `/api/runs/${encodeURIComponent(id)}/history`),
  start: (workflow, vars) => call('POST', '/api/runs', { workflow, vars }),
  control: (id, action) => call('POST', `/api/runs/${encodeURIComponent(id)}/${action}`,
    action === 'replay' ? {} : undefined),
  events: (id) => new EventSource(`/api/runs/${encodeURIComponent(id)}/events`),
};

// Shared state: who the caller is (filled by the shell before any page renders).
export const session = { me: { name: '', roles: [], operate: false, admin: false } };
