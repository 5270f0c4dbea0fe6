#include "check.h"
int main(void){return im_check_done();}
