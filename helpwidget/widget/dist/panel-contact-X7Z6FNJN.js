import{a,b,c,d,e}from"./panel-chunk-BRP2QURQ.js";import"./panel-chunk-UCU6H6WT.js";import"./panel-chunk-O6GLZFFX.js";export{d as PhoneList,e as default,b as mailHref,c as openText,a as telHref};
