// The support widget's script (lib/chat/site-widget.ts is its server side): vanilla JS inlined in
// pages that opt in, allowed by its SHA-256 in their CSP. It is the same text on every page (so
// one hash); the page's own endpoint comes in the script tag's `data-api` attribute. The visitor's
// guest token is kept in localStorage per endpoint; answers arrive over an EventSource whose
// `token` query parameter only that stream accepts (EventSource cannot send headers). Its words
// come in English, Vietnamese and Thai (lib/i18n/areas/chat.ts "chat.site.*") and follow the
// page's <html lang> (its content.locale), so the script stays one text with one hash.
import { createHash } from "node:crypto";
import { chat } from "../i18n/areas/chat.ts";
import { LOCALES } from "../i18n/index.ts";

const SITE_KEYS = ["ask", "dialog", "message", "send", "you", "owner", "failed"] as const;

/** { en: { ask: "Ask a question", … }, vi: {…}, th: {…} } for the script. */
const WORDS = JSON.stringify(
  Object.fromEntries(
    LOCALES.map((l) => [
      l,
      Object.fromEntries(SITE_KEYS.map((k) => [k, chat[l][`chat.site.${k}`]])),
    ]),
  ),
);

export const WIDGET_SCRIPT =
  `(function(){var s=document.currentScript,api=s&&s.dataset.api;if(!api)return;
var d=document,W=${WORDS},L=W[(d.documentElement.lang||"").split("-")[0]]||W.en,K="lh-widget:"+api,tok=null,es=null,seen={};try{tok=localStorage.getItem(K)}catch(e){}
function el(t,a,c){var n=d.createElement(t);for(var k in a)n.setAttribute(k,a[k]);if(c)n.style.cssText=c;return n}
var root=el("div",{id:"lh-widget"},"position:fixed;right:16px;bottom:16px;z-index:2147483000;font:14px/1.4 system-ui,sans-serif;color:#0f172a");
var btn=el("button",{type:"button","aria-expanded":"false","aria-controls":"lh-widget-box"},"background:#4f46e5;color:#fff;border:0;border-radius:999px;padding:10px 16px;font:inherit;cursor:pointer");
btn.textContent=L.ask;
var box=el("div",{id:"lh-widget-box",role:"dialog","aria-label":L.dialog},"display:none;width:300px;max-width:90vw;background:#fff;border:1px solid #cbd5e1;border-radius:8px;padding:12px;margin-bottom:8px;box-shadow:0 4px 16px rgba(0,0,0,.15)");
var log=el("ol",{"aria-live":"polite"},"list-style:none;margin:0 0 8px;padding:0;max-height:240px;overflow:auto");
var form=el("form",{});var ta=el("textarea",{name:"message",rows:"3",maxlength:"4000",required:"","aria-label":L.message},"width:100%;box-sizing:border-box;font:inherit");
var send=el("button",{type:"submit"},"margin-top:6px;background:#4f46e5;color:#fff;border:0;border-radius:6px;padding:6px 12px;font:inherit;cursor:pointer");send.textContent=L.send;
var err=el("p",{role:"alert"},"color:#b91c1c;margin:4px 0 0");
form.appendChild(ta);form.appendChild(send);form.appendChild(err);box.appendChild(log);box.appendChild(form);root.appendChild(box);root.appendChild(btn);
function show(m){if(!m||seen[m.id])return;seen[m.id]=1;var li=el("li",{"data-sender":m.senderType},"margin:4px 0;padding:6px 8px;border-radius:6px;background:"+(m.senderType==="user"?"#eef2ff":"#f1f5f9"));
li.textContent=(m.senderType==="user"?L.you:L.owner)+": "+m.message;log.appendChild(li);log.scrollTop=log.scrollHeight}
function req(p,b){var h={"content-type":"application/json"};if(tok)h.authorization="Guest "+tok;
return fetch(api+p,{method:b?"POST":"GET",headers:h,body:b?JSON.stringify(b):undefined}).then(function(r){return r.json().then(function(j){
if(!r.ok)throw new Error((j.error&&(j.error.message||j.error))||L.failed);return j})})}
function listen(){if(es||!tok)return;es=new EventSource(api+"/events?token="+encodeURIComponent(tok));
es.addEventListener("message",function(e){try{show(JSON.parse(e.data))}catch(x){}})}
function load(){req("/messages").then(function(j){(j.messages||[]).forEach(show);listen()},function(){tok=null;try{localStorage.removeItem(K)}catch(e){}})}
btn.addEventListener("click",function(){var open=box.style.display==="none";box.style.display=open?"block":"none";btn.setAttribute("aria-expanded",String(open));if(open){if(tok&&!es)load();ta.focus()}});
form.addEventListener("submit",function(e){e.preventDefault();var t=ta.value.trim();if(!t)return;send.disabled=true;err.textContent="";
(tok?req("/messages",{message:t}).then(function(j){show(j.message)}):req("",{message:t}).then(function(j){tok=j.guestToken;try{localStorage.setItem(K,tok)}catch(x){}show(j.message);listen()}))
.then(function(){ta.value=""},function(x){err.textContent=x.message}).then(function(){send.disabled=false})});
d.body.appendChild(root)})();`;

export const WIDGET_HASH = createHash("sha256").update(WIDGET_SCRIPT).digest("base64");
