import{a,b,c,d,e}from"./panel-chunk-LERWIFKF.js";import"./panel-chunk-YDJTWQIJ.js";import"./panel-chunk-O6GLZFFX.js";export{d as PhoneList,e as default,b as mailHref,c as openText,a as telHref};
