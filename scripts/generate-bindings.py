#!/usr/bin/env python3
"""Regenerates src/Torch/Native/LibTorch.cs from native/include/lossbench_torch.h.

Run after adding an entry point to the header: every LB_API function and every entry of the
operation X-macro lists gets one [LibraryImport] declaration. Tensor arguments become
TensorHandle (kept alive by the marshaller for the call), returned tensors raw IntPtr.
"""
import os
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import re
h=open('native/include/lossbench_torch.h').read()
def xlist(name):
    m=re.search(r'#define '+name+r'\(X\)(.*?)(?:\n\n|\n#define|\n/\*)', h, re.S)
    return re.findall(r'X\((\w+)\)', m.group(1))
lists={n:xlist(n) for n in ['LB_UNARY_OPS','LB_UNARY_METHOD_OPS','LB_BINARY_OPS','LB_BINARY_METHOD_OPS','LB_SCALAR_OPS']}
decls=[]
for n in lists['LB_UNARY_OPS']+lists['LB_UNARY_METHOD_OPS']: decls.append(f'lb_tensor lb_tensor_{n}(lb_tensor a);')
for n in lists['LB_BINARY_OPS']+lists['LB_BINARY_METHOD_OPS']: decls.append(f'lb_tensor lb_tensor_{n}(lb_tensor a, lb_tensor b);')
for n in lists['LB_SCALAR_OPS']: decls.append(f'lb_tensor lb_tensor_{n}_scalar(lb_tensor a, lb_scalar b);')
body=re.sub(r'/\*.*?\*/','',h,flags=re.S)
body=body[body.index('lb_last_error')-30:]
for m in re.finditer(r'LB_API ([^;]*?);', body, re.S):
    d=' '.join(m.group(1).split())
    if '##' in d: continue
    decls.append(d+';')
def cstype(t,ret=False,raw=False):
    t=t.strip()
    if t=='lb_tensor': return 'IntPtr' if (ret or raw) else 'TensorHandle'
    if t in('lb_generator','lb_optimizer'): return 'IntPtr'
    m={'int':'int','int64_t':'long','uint64_t':'ulong','double':'double','void':'void','lb_scalar':'LbScalar',
       'const char*':'IntPtr' if ret else 'string','const int64_t*':'long*','int64_t*':'long*','double*':'double*','int*':'int*',
       'const double*':'double*','void*':'void*','const void*':'void*','const lb_tensor*':'IntPtr*','lb_tensor*':'IntPtr*','const lb_index*':'LbIndex*'}
    return m[t]
out=[]
for d in decls:
    m=re.match(r'(.+?)\s*(lb_\w+)\((.*)\);',d)
    ret,name,args=m.groups()
    cargs=[]
    if args.strip() not in('','void'):
        for a in args.split(','):
            a=a.strip()
            mm=re.match(r'(.*?)(\w+)$',a)
            t,n=mm.group(1).strip(),mm.group(2)
            t=t.replace(' *','*')
            if n in('lock','string','params','out','checked','base','object','fixed'): n='@'+n
            # lb_tensor_free is called from TensorHandle.ReleaseHandle with the raw pointer.
            cargs.append(f'{cstype(t, raw=(name == "lb_tensor_free"))} {n}')
    r=cstype(ret.strip().replace(' *','*'),True)
    attr='[LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]' if any(c.startswith('string ') for c in cargs) else '[LibraryImport(Lib)]'
    out.append(f'    {attr}\n    internal static partial {r} {name}({", ".join(cargs)});\n')
src='''using System.Runtime.InteropServices;

namespace LossBench.Torch.Native;

/// <summary>
/// The P/Invoke surface of liblossbench_torch, one declaration per entry point of
/// native/include/lossbench_torch.h (operation lists first, then the header's order). Tensors go
/// in as <see cref="TensorHandle"/> (the marshaller keeps them alive for the call) and come back
/// as raw pointers that <see cref="Tensor"/> takes ownership of.
/// </summary>
internal static unsafe partial class LibTorch
{
    private const string Lib = NativeLibraryLoader.LibraryName;

'''+'\n'.join(out)+'}\n'
open('src/Torch/Native/LibTorch.cs','w').write(src)
print(len(out))
