// Temporary sign-in page for Shouhu until the full web UI ships: sign in, show the signed-in user,
// set a new password when the account still has a one-time password, sign out. The CSRF token is
// kept in memory only; the session itself is the server's HttpOnly cookie.
'use strict';

const STRINGS = {
  'zh-CN': {
    title: '守护 · 登录', brand: '守护', tagline: '未成年人保护协同平台', signinTitle: '登录',
    username: '用户名', password: '密码', signin: '登录', welcome: '欢迎，', role: '角色',
    unit: '所属单位编号', signout: '退出登录', changeTitle: '请设置新密码',
    changeHint: '您正在使用一次性密码，继续使用前请设置新密码。', currentPassword: '当前密码',
    newPassword: '新密码（至少 12 个字符）', changeSubmit: '保存新密码',
    changed: '密码已更新。', signedOut: '您已退出登录。',
    network: '无法连接服务器，请稍后重试。',
    footer: '此页面为临时登录页；完整界面将在后续版本提供。', switchTo: 'English',
    roles: { admin: '系统管理员', coordinator: '协调员', leader: '领导', caseworker: '个案工作者',
             reporter: '报告人', volunteer: '志愿者', auditor: '审计员', analyst: '数据分析员' },
  },
  en: {
    title: 'Shouhu · Sign in', brand: 'Shouhu', tagline: 'Child protection coordination',
    signinTitle: 'Sign in', username: 'Username', password: 'Password', signin: 'Sign in',
    welcome: 'Welcome, ', role: 'Role', unit: 'Unit ID', signout: 'Sign out',
    changeTitle: 'Set a new password',
    changeHint: 'You signed in with a one-time password; set your own before you continue.',
    currentPassword: 'Current password', newPassword: 'New password (at least 12 characters)',
    changeSubmit: 'Save new password', changed: 'Your password has been changed.',
    signedOut: 'You have signed out.', network: 'The server cannot be reached; try again later.',
    footer: 'A temporary sign-in page; the full interface comes in a later release.',
    switchTo: '中文',
    roles: { admin: 'Administrator', coordinator: 'Coordinator', leader: 'Leader',
             caseworker: 'Caseworker', reporter: 'Reporter', volunteer: 'Volunteer',
             auditor: 'Auditor', analyst: 'Analyst' },
  },
};

const state = {
  lang: localStorage.getItem('shouhu.lang') === 'en' ? 'en' : 'zh-CN',
  csrf: null,     // from the login or /me response; sent as X-CSRF-Token on writes
  user: null,     // the /me user
  displayName: '',
};

const $ = (id) => document.getElementById(id);
const t = (key) => STRINGS[state.lang][key];

// One request helper: JSON in and out, the chosen language, the CSRF token on writes.
async function api(method, path, body) {
  const headers = { Accept: 'application/json', 'Accept-Language': state.lang };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    return { ok: false, status: 0, data: { error: { message: t('network') } } };
  }
  let data = null;
  if (response.status !== 204) {
    try { data = await response.json(); } catch (e) { data = null; }
  }
  return { ok: response.ok, status: response.status, data };
}

function clearErrors(form, alertEl) {
  alertEl.textContent = '';
  for (const input of form.querySelectorAll('input')) {
    input.removeAttribute('aria-invalid');
    const msg = $(input.id + '-error');
    if (!msg) continue;
    msg.textContent = '';
    msg.hidden = true;
  }
}

// Shows {"error": {"message", "fields"}} beside the form, each field's message under its input.
function showError(form, alertEl, result) {
  const error = (result.data && result.data.error) || {};
  alertEl.textContent = error.message || `HTTP ${result.status}`;
  const fields = error.fields || {};
  for (const [name, message] of Object.entries(fields)) {
    const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!input || !$(input.id + '-error')) continue;
    input.setAttribute('aria-invalid', 'true');
    const msg = $(input.id + '-error');
    msg.textContent = typeof message === 'string' ? message : JSON.stringify(message);
    msg.hidden = false;
  }
}

function render() {
  const signedIn = state.user !== null;
  $('signin').hidden = signedIn;
  $('account').hidden = !signedIn;
  if (!signedIn) return;
  const user = state.user;
  $('who').textContent = state.displayName || user.username;
  $('me-username').textContent = user.username;
  $('me-role').textContent = t('roles')[user.role] || user.role;
  $('me-unit').textContent = user.unit_id;
  $('pw-username').value = user.username;  // for password managers saving the new password
  $('password-form').hidden = !user.must_change_password;
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  const toggle = $('lang');
  toggle.textContent = t('switchTo');
  toggle.lang = state.lang === 'en' ? 'zh-CN' : 'en';
  render();
}

async function loadMe() {
  const result = await api('GET', '/api/v1/auth/me');
  if (result.ok) {
    state.user = result.data.user;
    state.csrf = result.data.csrf_token || state.csrf;
  } else {
    state.user = null;
    state.csrf = null;
  }
  render();
  return result;
}

async function withBusy(form, work) {
  const button = form.querySelector('button[type="submit"]') || form;
  button.disabled = true;
  try { await work(); } finally { button.disabled = false; }
}

$('signin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  withBusy(form, async () => {
    clearErrors(form, $('signin-error'));
    $('signin-status').textContent = '';
    const result = await api('POST', '/api/v1/auth/login', {
      username: form.username.value.trim(), password: form.password.value,
    });
    if (!result.ok) {
      showError(form, $('signin-error'), result);
      return;
    }
    state.csrf = result.data.csrf_token;
    state.displayName = (result.data.user && result.data.user.display_name) || '';
    form.password.value = '';
    $('account-status').textContent = '';
    $('account-error').textContent = '';
    const me = await loadMe();
    if (!me.ok) showError(form, $('signin-error'), me);
    else $('account-title').focus();
  });
});

$('password-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  withBusy(form, async () => {
    clearErrors(form, $('account-error'));
    $('account-status').textContent = '';
    const result = await api('POST', '/api/v1/auth/password', {
      current_password: form.current_password.value, new_password: form.new_password.value,
    });
    if (!result.ok) {
      showError(form, $('account-error'), result);
      return;
    }
    form.reset();
    await loadMe();
    $('account-status').textContent = t('changed');
  });
});

$('signout').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  button.disabled = true;
  $('account-error').textContent = '';
  const result = await api('POST', '/api/v1/auth/logout');
  button.disabled = false;
  if (!result.ok && result.status !== 401) {
    $('account-error').textContent = (result.data && result.data.error && result.data.error.message)
      || `HTTP ${result.status}`;
    return;
  }
  state.user = null;
  state.csrf = null;
  state.displayName = '';
  render();
  $('signin-status').textContent = t('signedOut');
  $('username').focus();
});

$('lang').addEventListener('click', () => {
  state.lang = state.lang === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem('shouhu.lang', state.lang);
  applyLanguage();
});

$('account-title').tabIndex = -1;
applyLanguage();
loadMe();
