import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createClient, locationHasToken, takeTokenFromLocation } from './api/client';
import { denyAccess, grantAccess, useApi } from './stores/api';
import './style.css';

if (window.fcr) {
  useApi(createClient(window.fcr));
} else {
  const token = takeTokenFromLocation();
  useApi(createClient(undefined, token, denyAccess));
  if (!token) denyAccess();
  // A start URL pasted into this tab (e.g. after the host restarted) is accepted without a reload.
  // Registered before the app mounts, so the route is read after the token left the address.
  window.addEventListener('hashchange', () => {
    if (locationHasToken()) grantAccess(createClient(undefined, takeTokenFromLocation(), denyAccess));
  });
}
createApp(App).use(createPinia()).mount('#app');
