import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createClient, takeTokenFromLocation } from './api/client';
import { useApi } from './stores/api';
import './style.css';

const token = window.fcr ? null : takeTokenFromLocation();
useApi(createClient(window.fcr, token));
createApp(App).use(createPinia()).mount('#app');
